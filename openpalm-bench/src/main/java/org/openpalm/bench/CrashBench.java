package org.openpalm.bench;

import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.openpalm.bench.Purchases.Purchase;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.server.ServerProcess;

/**
 * {@code openpalm bench crash --payments N}: runs the server as a child process and drives N palm
 * payments at it (create, palm, capture; each step with its own fixed Idempotency-Key and each
 * payment with a unique amount; with {@code --capture mixed}, the default, every other payment is
 * an automatic-capture sale whose palm step also captures, {@code manual} or {@code automatic}
 * make them all one kind), while a killer SIGKILLs the server at random moments (0.5 to 3 s
 * apart, at most {@code --kills} times) and restarts it. A step that gets no answer, or a 5xx, or
 * "in progress", is retried with the same key once the server is back; a 409 on the state
 * ("already authorised", "already captured") is confirmed by reading the payment. Afterwards the
 * server is stopped and the database checked:
 * <ul>
 *   <li>{@code double_authorisations}: purchases authorised on two payment rows, or whose stored
 *       authorisation differs from one the client was told about (two approvals for one payment);</li>
 *   <li>{@code lost_ledger_entries}: acknowledged authorisations and captures without their
 *       ledger transfer ({@code :auth}, {@code :capture});</li>
 *   <li>{@code ledger_check_ok}: the ledger balances and agrees with the payments;</li>
 *   <li>{@code unfinished}: purchases not CAPTURED at the end;</li>
 *   <li>{@code duplicate_payments} (one key, two payments) and {@code lost_payments} (creation
 *       acknowledged, payment gone).</li>
 * </ul>
 * Use a PostgreSQL --config for the production store; embedded H2 writes each commit at once.
 */
final class CrashBench {
    private static final long FIRST_AMOUNT = 10_000;
    private static final int CUSTOMERS = 10;
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final AtomicInteger CUT = new AtomicInteger();

    private CrashBench() {}

    static int run(String[] args) throws Exception {
        int payments = PaymentsBench.intArg(args, "--payments", 200);
        int maxKills = PaymentsBench.intArg(args, "--kills", 5);
        int concurrency = PaymentsBench.intArg(args, "--concurrency", 8);
        boolean json = List.of(args).contains("--json");
        String capture = PaymentsBench.stringArg(args, "--capture").orElse("mixed");
        if (!List.of("mixed", "manual", "automatic").contains(capture)) throw new IllegalArgumentException("--capture must be mixed, manual or automatic");
        PrintStream out = json ? System.err : System.out;
        Optional<Path> userConfig = PaymentsBench.stringArg(args, "--config").map(Path::of);
        Path dir = Files.createTempDirectory("openpalm-crash");
        int port;
        int adminPort;
        try (ServerSocket s = new ServerSocket(0); ServerSocket a = new ServerSocket(0)) {
            port = s.getLocalPort();
            adminPort = a.getLocalPort();
        }
        Properties props = new Properties();
        if (userConfig.isPresent()) {
            try (Reader r = Files.newBufferedReader(userConfig.get())) {
                props.load(r);
            }
        }
        // One bench terminal stands for a whole fleet of readers: its per-minute presentation cap is lifted.
        props.putIfAbsent("presentations.maxPerTerminalPerMinute", Integer.toString(Integer.MAX_VALUE));
        String dbUrl = Optional.ofNullable(props.getProperty("db.url")).or(() -> Optional.ofNullable(System.getenv("OPENPALM_DB_URL"))).orElse("");
        if (dbUrl.startsWith("jdbc:postgresql:")) {
            props.setProperty("db.url", dbUrl);
            props.putIfAbsent("db.user", Optional.ofNullable(System.getenv("OPENPALM_DB_USER")).orElse("postgres"));
            Optional.ofNullable(System.getenv("OPENPALM_DB_PASSWORD")).ifPresent(p -> props.putIfAbsent("db.password", p));
        }
        Optional<String> dropSchema = Optional.empty();
        if (dbUrl.startsWith("jdbc:postgresql:") && !props.containsKey("db.schema")) {
            String schema = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12); // dropped at the end
            props.setProperty("db.schema", schema);
            dropSchema = Optional.of(schema);
        }
        // The card network runs here, outside the server that gets killed, as a real network would:
        // its holds and clearing survive the server's crashes, and its clearing file is reconciled.
        NetworkSimulator network = NetworkSimulator.start(Purchases.network("crash-bank", java.util.stream.LongStream.rangeClosed(800_001, 800_000 + CUSTOMERS).boxed().toList()));
        network.writeClearingTo(dir.resolve("clearing"));
        props.setProperty("network.port", Integer.toString(network.port()));
        String adminToken = "crash-" + UUID.randomUUID();
        props.setProperty("http.port", Integer.toString(port));
        props.setProperty("data.dir", dir.resolve("data").toString());
        props.setProperty("admin.token", adminToken);
        props.setProperty("admin.port", Integer.toString(adminPort));
        props.putIfAbsent("portal.codeSender", "log"); // the server refuses to start without an explicit choice
        props.putIfAbsent("idempotency.inProgressLeaseSeconds", "2"); // a request cut by a kill is retried after 2 s
        props.putIfAbsent("terminal.rateLimitRequestsPerMinute", "1000000000"); // one terminal drives every purchase
        props.putIfAbsent("terminal.rateLimitBurstRequests", "1000000");
        Path configFile = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(configFile)) {
            props.store(w, "openpalm bench crash");
        }
        ServerConfig config = ConfigLoader.load(Optional.of(configFile), Map.of());
        out.printf("bench crash: %d payments (%s capture), at most %d kills, concurrency %d, %s, logs in %s%n", payments, capture, maxKills,
                concurrency, config.effectiveDatabase(), dir);

        ServerProcess server = new ServerProcess(configFile, dir, "crash", List.of("-Xmx1g"));
        server.start();
        ApiClient api = new ApiClient(port);
        server.awaitReady(port, Duration.ofSeconds(90));
        api.onboard(adminToken, adminPort);
        for (int i = 1; i <= CUSTOMERS; i++) {
            ApiClient.Reply r = api.enrol(800_000 + i, phone -> ServerProcess.enrolmentCodeFromLogs(dir, phone));
            if (r.status() != 201) throw new IllegalStateException("enrolment failed: " + r.status() + " " + r.json());
        }

        List<Purchase> purchases = new ArrayList<>();
        for (int k = 0; k < payments; k++) {
            boolean automatic = switch (capture) {
                case "automatic" -> true;
                case "manual" -> false;
                default -> k % 2 == 1;
            };
            long amount = FIRST_AMOUNT + k;
            purchases.add(new Purchase(amount, 800_001 + amount % CUSTOMERS, automatic));
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger kills = new AtomicInteger();
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                while (kills.get() < maxKills) {
                    Thread.sleep(500 + ThreadLocalRandom.current().nextLong(2_500));
                    if (done.get()) return;
                    server.kill();
                    kills.incrementAndGet();
                    out.printf("kill %d: SIGKILL, restarting%n", kills.get());
                    server.start();
                    server.awaitReady(port, Duration.ofSeconds(90));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        // One server: every attempt goes to it; a call cut by a kill waits for its restart.
        Purchases.Servers one = new Purchases.Servers() {
            @Override
            public ApiClient forAttempt(Purchase p, int attempt) {
                return api;
            }

            @Override
            public void noAnswer(ApiClient cutOff, long deadlineNanos) throws InterruptedException {
                awaitReady(cutOff, deadlineNanos);
            }
        };
        PaymentsBench.forEach(payments, concurrency, k -> Purchases.pay(one, purchases.get(k), deadline, CUT));
        done.set(true);
        killer.join();
        out.printf("%d payments driven in %.1f s with %d kills; %d requests cut by a kill, retried with their keys%n",
                payments, (System.nanoTime() - start) / 1e9, kills.get(), CUT.get());
        purchases.stream().filter(p -> p.failure != null).limit(5).forEach(p -> out.println("unfinished " + p.amount + ": " + p.failure));
        server.stop();

        try {
            return check(config, purchases, kills.get(), dir.resolve("clearing"), json, out);
        } finally {
            network.close();
            if (dropSchema.isPresent()) PaymentsBench.drop(config.database().orElseThrow(), dropSchema.get());
        }
    }

    private static int check(ServerConfig config, List<Purchase> purchases, int kills, Path clearing, boolean json, PrintStream out)
            throws Exception {
        Purchases.Audit audit = Purchases.audit(config, purchases, clearing);
        out.printf("kills: %d%n", kills);
        audit.print(out);
        boolean ok = audit.ok();
        out.println(ok ? "crash bench PASSED" : "crash bench FAILED");
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("payments", audit.purchases());
            o.put("kills", kills);
            o.put("double_authorisations", audit.doubleAuthorisations());
            o.put("lost_ledger_entries", audit.lostLedgerEntries());
            o.put("ledger_check_ok", audit.ledger().ok());
            o.put("reconcile_differences", audit.reconciled().differences().size());
            o.put("unfinished", audit.unfinished());
            o.put("duplicate_payments", audit.duplicatePayments());
            o.put("lost_payments", audit.lostPayments());
            System.out.println(ApiClient.JSON.writeValueAsString(o));
        }
        return ok ? 0 : 1;
    }

    private static void awaitReady(ApiClient api, long deadlineNanos) throws InterruptedException {
        while (!api.ready()) {
            if (System.nanoTime() > deadlineNanos) throw new IllegalStateException("the server did not become ready in time");
            Thread.sleep(200);
        }
    }
}
