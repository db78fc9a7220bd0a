package org.openpalm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.time.YearMonth;
import org.openpalm.iso8583.sim.AccountConfig;
import org.openpalm.iso8583.sim.CardStatus;
import org.openpalm.iso8583.sim.IssuerConfig;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.reconcile.ClearingFile;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.payments.testing.PaymentsFixture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcStorage;

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

    /** What the client was told about one purchase. */
    private static final class Purchase {
        final long amount;
        /** Created with capture_method automatic: the palm step also captures. */
        final boolean automatic;
        volatile String paymentId;
        volatile boolean created;
        final Set<String> rrnsAcknowledged = ConcurrentHashMap.newKeySet();
        volatile boolean captured;
        volatile String failure;

        Purchase(long amount, boolean automatic) {
            this.amount = amount;
            this.automatic = automatic;
        }
    }

    /** The server child process, replaced on each kill. */
    private static final class ServerProcess {
        private final Path configFile;
        private final Path dir;
        private Process process;
        private int generation;

        ServerProcess(Path configFile, Path dir) {
            this.configFile = configFile;
            this.dir = dir;
        }

        synchronized void start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.openpalm.server.Main", configFile.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server-" + generation++ + ".log").toFile()).start();
        }

        synchronized void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(); // SIGKILL
        }

        synchronized void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: graceful, releases the embedded database
            process.waitFor();
        }
    }

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
        NetworkSimulator network = NetworkSimulator.start(networkConfig());
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

        ServerProcess server = new ServerProcess(configFile, dir);
        server.start();
        ApiClient api = new ApiClient(port);
        awaitReady(api, System.nanoTime() + Duration.ofSeconds(90).toNanos());
        api.onboard(adminToken, adminPort);
        for (int i = 1; i <= CUSTOMERS; i++) {
            ApiClient.Reply r = api.enrol(800_000 + i, phone -> enrolmentCodeFromLogs(dir, phone));
            if (r.status() != 201) throw new IllegalStateException("enrolment failed: " + r.status() + " " + r.json());
        }

        List<Purchase> purchases = new ArrayList<>();
        for (int k = 0; k < payments; k++) {
            boolean automatic = switch (capture) {
                case "automatic" -> true;
                case "manual" -> false;
                default -> k % 2 == 1;
            };
            purchases.add(new Purchase(FIRST_AMOUNT + k, automatic));
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
                    awaitReady(api, System.nanoTime() + Duration.ofSeconds(90).toNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long start = System.nanoTime();
        PaymentsBench.forEach(payments, concurrency, k -> pay(api, purchases.get(k), deadline));
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

    /** The shoppers' cards (those ApiClient enrols) at one simulated issuer, with funds for every purchase. */
    private static SimConfig networkConfig() {
        List<AccountConfig> accounts = new ArrayList<>();
        for (int i = 1; i <= CUSTOMERS; i++) {
            accounts.add(new AccountConfig(new org.openpalm.iso8583.CardNumber(PaymentsFixture.card(800_000 + i).revealTo((x, e) -> null)),
                    YearMonth.now().plusYears(3), org.openpalm.iso8583.Money.of(1_000_000_000L, "EUR"), 1_000_000_000L, CardStatus.ACTIVE));
        }
        SimConfig base = SimConfig.testCards(0);
        return new SimConfig(0, base.randomSeed(), List.of(new IssuerConfig("crash-bank", true, 0, 0, 0, accounts)));
    }

    private static int check(ServerConfig config, List<Purchase> purchases, int kills, Path clearing, boolean json, PrintStream out)
            throws Exception {
        int payments = purchases.size();
        try (Database db = Database.open(config.effectiveDatabase())) {
            var storage = JdbcStorage.over(db, config.openKeys());
            LedgerReport ledger = new LedgerAudit(storage).check();
            Reconciliation.Report reconciled = storage.transactor().inTransaction(() -> Reconciliation.reconcile(ClearingFile.read(clearing),
                    storage.payments().allMovements(), storage.journal().allTransfers(), Optional.empty()));
            Map<Long, List<Payment>> byAmount = new HashMap<>();
            for (Payment p : storage.payments().allPayments()) byAmount.computeIfAbsent(p.amount().minor(), a -> new ArrayList<>()).add(p);
            Set<String> transfers = new HashSet<>();
            try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM ledger_transfers")) {
                while (rs.next()) transfers.add(rs.getString(1));
            }
            int doubles = 0;
            int lostEntries = 0;
            int unfinished = 0;
            int duplicates = 0;
            int lostPayments = 0;
            for (Purchase p : purchases) {
                List<Payment> rows = byAmount.getOrDefault(p.amount, List.of());
                if (rows.size() > 1) duplicates++;
                long authorisedRows = rows.stream().filter(r -> r.authorisation().isPresent()).count();
                Optional<Payment> row = rows.stream().filter(r -> r.id().value().equals(p.paymentId)).findFirst();
                if (p.created && row.isEmpty()) lostPayments++;
                Set<String> rrns = new HashSet<>(p.rrnsAcknowledged);
                row.flatMap(Payment::authorisation).ifPresent(a -> rrns.add(a.rrn()));
                if (authorisedRows > 1 || rrns.size() > 1) doubles++;
                if (!p.rrnsAcknowledged.isEmpty() && !transfers.contains(p.paymentId + ":auth")) lostEntries++;
                if (p.captured && !transfers.contains(p.paymentId + ":capture")) lostEntries++;
                if (row.isEmpty() || row.get().status() != PaymentStatus.CAPTURED) unfinished++;
            }
            out.printf("payments: %d purchases, %d payment rows; kills: %d%n", payments, byAmount.values().stream().mapToInt(List::size).sum(), kills);
            out.printf("double authorisations: %d; lost ledger entries: %d; unfinished: %d; duplicated payments: %d; acknowledged but lost: %d%n",
                    doubles, lostEntries, unfinished, duplicates, lostPayments);
            out.printf("ledger: %d transfers, %s%n", ledger.transfers(),
                    ledger.ok() ? "OK" : ledger.problems().size() + " problems: " + ledger.problems().subList(0, Math.min(5, ledger.problems().size())));
            out.printf("reconcile with the network's clearing file: %d records, %d differences%n", reconciled.records(), reconciled.differences().size());
            reconciled.differences().stream().limit(5).forEach(d -> out.println("  " + d.describe()));
            boolean ok = reconciled.ok() && ledger.ok() && doubles == 0 && lostEntries == 0 && unfinished == 0 && duplicates == 0 && lostPayments == 0;
            out.println(ok ? "crash bench PASSED" : "crash bench FAILED");
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("payments", payments);
                o.put("kills", kills);
                o.put("double_authorisations", doubles);
                o.put("lost_ledger_entries", lostEntries);
                o.put("ledger_check_ok", ledger.ok());
                o.put("reconcile_differences", reconciled.differences().size());
                o.put("unfinished", unfinished);
                o.put("duplicate_payments", duplicates);
                o.put("lost_payments", lostPayments);
                System.out.println(ApiClient.JSON.writeValueAsString(o));
            }
            return ok ? 0 : 1;
        }
    }

    /** Drives one purchase to CAPTURED, retrying each step with its key across kills. */
    /** The server child writes one-time codes to its log (the default sender): the latest for this phone. */
    private static String enrolmentCodeFromLogs(Path dir, String phone) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("enrolment code for the phone ending " + phone.substring(phone.length() - 4) + ": ([0-9]{6})");
        for (int attempt = 0; attempt < 50; attempt++) {
            String found = null;
            try (Stream<Path> logs = Files.list(dir)) {
                for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("server-")).sorted().toList()) {
                    for (String l : Files.readAllLines(log)) {
                        java.util.regex.Matcher m = line.matcher(l);
                        if (m.find()) found = m.group(1);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (found != null) return found;
            try {
                Thread.sleep(100); // the log line may not be flushed yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no enrolment code in the server log for the phone ending " + phone.substring(phone.length() - 4));
    }

    private static void pay(ApiClient api, Purchase p, long deadline) throws InterruptedException {
        String body = "{\"amount\":{\"minor\":" + p.amount + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + api.terminalId
                + "\",\"capture_method\":\"" + (p.automatic ? "automatic" : "manual") + "\"}";
        Optional<JsonNode> created = step(api, deadline, p, "create", () -> api.post("/v1/payments", api.apiKey, "create-" + p.amount, body), 201);
        if (created.isEmpty()) return;
        p.paymentId = created.get().get("id").asText();
        p.created = true;
        long customer = 800_001 + p.amount % CUSTOMERS;
        String palm = ApiClient.palmJson(customer, p.amount);
        Optional<JsonNode> paid = step(api, deadline, p, "palm",
                () -> api.terminalPost("/terminal/v1/payments/" + p.paymentId + "/palm", "palm-" + p.amount, palm), 200);
        if (paid.isEmpty()) return;
        if (!"AUTHORISED".equals(paid.get().path("result").asText())) {
            p.failure = "palm answered " + paid.get();
            return;
        }
        p.rrnsAcknowledged.add(paid.get().path("payment").path("authorisation").path("rrn").asText());
        if (p.automatic) {
            if (paid.get().path("payment").path("status").asText().equals("CAPTURED")) p.captured = true;
            else p.failure = "the sale was not captured: " + paid.get();
            return;
        }
        Optional<JsonNode> captured = step(api, deadline, p, "capture",
                () -> api.post("/v1/payments/" + p.paymentId + "/capture", api.apiKey, "capture-" + p.amount, ""), 200);
        if (captured.isEmpty()) return;
        p.captured = true;
    }

    interface Call {
        ApiClient.Reply send() throws IOException, InterruptedException;
    }

    /**
     * One step until it succeeds: retried (same key) on no answer, 5xx and "in progress"; a 409 on
     * the payment state is confirmed by reading the payment (the step took effect before a kill
     * cut its answer). Empty, with the purchase's failure set, when it cannot succeed.
     */
    private static Optional<JsonNode> step(ApiClient api, long deadline, Purchase p, String name, Call call, int okStatus)
            throws InterruptedException {
        while (System.nanoTime() < deadline) {
            try {
                ApiClient.Reply r = call.send();
                if (r.status() == okStatus) return Optional.of(r.json());
                String type = r.json().path("type").asText();
                if (r.status() >= 500 || type.endsWith("idempotency-key-in-progress")) {
                    Thread.sleep(300);
                    continue;
                }
                if (r.status() == 409 && type.endsWith("payment-state") && p.paymentId != null) {
                    ApiClient.Reply got = api.get("/v1/payments/" + p.paymentId, api.apiKey);
                    String status = got.json().path("status").asText();
                    boolean tookEffect = switch (name) {
                        case "palm" -> status.equals("AUTHORISED") || status.equals("CAPTURED");
                        case "capture" -> status.equals("CAPTURED");
                        default -> false;
                    };
                    if (tookEffect) {
                        return Optional.of(name.equals("palm") ? ApiClient.JSON.createObjectNode().put("result", "AUTHORISED")
                                .set("payment", got.json()) : got.json());
                    }
                }
                p.failure = name + " answered " + r.status() + " " + r.json();
                return Optional.empty();
            } catch (IOException e) {
                CUT.incrementAndGet();
                awaitReady(api, deadline); // the server died under us: wait for its restart, then retry
            }
        }
        p.failure = name + ": deadline passed";
        return Optional.empty();
    }

    private static void awaitReady(ApiClient api, long deadlineNanos) throws InterruptedException {
        while (!api.ready()) {
            if (System.nanoTime() > deadlineNanos) throw new IllegalStateException("the server did not become ready in time");
            Thread.sleep(200);
        }
    }
}
