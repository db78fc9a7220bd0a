package org.openpalm.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.JdbcStorage;

/**
 * {@code openpalm bench crash}: runs the server as a child process, drives palm payments at it,
 * kills it with SIGKILL at a random moment, restarts it, and retries every request that got no
 * answer with its Idempotency-Key. After the rounds it stops the server and checks:
 * <ul>
 *   <li>the ledger (balanced, agrees with the payments);
 *   <li>no payment was created twice for one key (each logical payment has a unique amount);
 *   <li>every payment whose creation was acknowledged still exists.
 * </ul>
 * Use a PostgreSQL --config for a durable store: embedded H2 may lose the last second of commits
 * to SIGKILL, which this harness then reports as acknowledged-but-lost.
 */
final class CrashBench {
    private CrashBench() {}

    private record Pending(String key, String body) {}

    static int run(String[] args) throws Exception {
        int rounds = PaymentsBench.intArg(args, "--rounds", 3);
        int concurrency = PaymentsBench.intArg(args, "--concurrency", 16);
        Optional<Path> userConfig = PaymentsBench.stringArg(args, "--config").map(Path::of);
        Path dir = Files.createTempDirectory("openpalm-crash");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties props = new Properties();
        if (userConfig.isPresent()) {
            try (Reader r = Files.newBufferedReader(userConfig.get())) {
                props.load(r);
            }
        }
        String adminToken = "crash-" + UUID.randomUUID();
        props.setProperty("http.port", Integer.toString(port));
        props.setProperty("data.dir", dir.resolve("data").toString());
        props.setProperty("admin.token", adminToken);
        Path configFile = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(configFile)) {
            props.store(w, "openpalm bench crash");
        }
        ServerConfig config = ConfigLoader.load(Optional.of(configFile), Map.of());
        System.out.printf("bench crash: %d rounds, concurrency %d, %s, logs in %s%n", rounds, concurrency, config.effectiveDatabase(), dir);

        Process server = startServer(configFile, dir, 0);
        ApiClient api = new ApiClient(port);
        awaitReady(api);
        api.onboard(adminToken);
        int customers = 10;
        for (int i = 1; i <= customers; i++) api.enrol(800_000 + i);

        Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // amount -> payment id
        AtomicLong nextAmount = new AtomicLong(10_000);
        long unanswered = 0;
        long retriedOk = 0;
        for (int round = 1; round <= rounds; round++) {
            AtomicBoolean running = new AtomicBoolean(true);
            List<Pending> inFlight = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        long amount = nextAmount.incrementAndGet();
                        String key = "create-" + amount;
                        String body = "{\"amount\":{\"minor\":" + amount + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + api.terminalId + "\"}";
                        try {
                            var created = api.post("/v1/payments", api.apiKey, key, body);
                            if (created.status() != 201) continue;
                            String id = created.json().get("id").asText();
                            acknowledged.put(amount, id);
                            long customer = 800_001 + amount % customers;
                            var palm = api.terminalPost("/terminal/v1/payments/" + id + "/palm", "palm-" + amount, ApiClient.palmJson(customer, amount));
                            if (palm.status() == 200 && "AUTHORISED".equals(palm.json().get("result").asText()) && amount % 2 == 0) {
                                api.post("/v1/payments/" + id + "/capture", api.apiKey, "capture-" + amount, "");
                            }
                        } catch (IOException e) {
                            inFlight.add(new Pending(key, body)); // no answer: the server died under us
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(1_500 + ThreadLocalRandom.current().nextLong(2_500));
            server.destroyForcibly().waitFor(); // SIGKILL
            running.set(false);
            for (Thread t : workers) t.join();
            System.out.printf("round %d: killed the server with %d payments acknowledged so far, %d requests unanswered%n",
                    round, acknowledged.size(), inFlight.size());
            server = startServer(configFile, dir, round);
            awaitReady(api);
            for (Pending p : inFlight) {
                unanswered++;
                var retried = api.post("/v1/payments", api.apiKey, p.key(), p.body());
                if (retried.status() == 201) {
                    retriedOk++;
                    long amount = Long.parseLong(p.key().substring("create-".length()));
                    acknowledged.put(amount, retried.json().get("id").asText());
                } else {
                    System.out.printf("  retry of %s answered %d %s%n", p.key(), retried.status(), retried.json());
                }
            }
        }
        server.destroy(); // SIGTERM: graceful, releases the embedded database
        server.waitFor();

        try (Database db = Database.open(config.effectiveDatabase())) {
            var storage = JdbcStorage.over(db, FileKeyProvider.openOrCreate(config.effectiveKeyFile()));
            LedgerReport ledger = new LedgerAudit(storage).check();
            Map<Long, List<Payment>> byAmount = new HashMap<>();
            for (Payment p : storage.payments().allPayments()) byAmount.computeIfAbsent(p.amount().minor(), a -> new ArrayList<>()).add(p);
            long duplicates = byAmount.values().stream().filter(l -> l.size() > 1).count();
            long lost = acknowledged.entrySet().stream()
                    .filter(e -> byAmount.getOrDefault(e.getKey(), List.of()).stream().noneMatch(p -> p.id().value().equals(e.getValue()))).count();
            System.out.printf("payments: %d acknowledged, %d in the database, %d unanswered requests retried (%d answered 201)%n",
                    acknowledged.size(), byAmount.values().stream().mapToInt(List::size).sum(), unanswered, retriedOk);
            System.out.printf("duplicated payments: %d; acknowledged but lost: %d%n", duplicates, lost);
            System.out.printf("ledger: %d transfers, %s%n", ledger.transfers(),
                    ledger.ok() ? "OK" : ledger.problems().size() + " problems: " + ledger.problems().subList(0, Math.min(5, ledger.problems().size())));
            boolean ok = ledger.ok() && duplicates == 0 && lost == 0;
            System.out.println(ok ? "crash bench PASSED" : "crash bench FAILED");
            return ok ? 0 : 1;
        }
    }

    private static Process startServer(Path configFile, Path dir, int generation) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        return new ProcessBuilder(java, "-Xmx1g", "-cp", classpath, "org.openpalm.server.Main", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server-" + generation + ".log").toFile())
                .start();
    }

    private static void awaitReady(ApiClient api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!api.ready()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the server did not become ready in 90 s");
            Thread.sleep(200);
        }
    }

}
