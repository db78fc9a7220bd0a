package org.openpalm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.ServerConfig;

/**
 * {@code openpalm bench payments}: a server in this process (embedded H2 in a temporary folder, or
 * the database of --config / OPENPALM_DB_URL), N customers enrolled over HTTP, then M palm
 * payments (create, palm, capture) at concurrency C. Reports latency percentiles per step and
 * throughput, then checks the ledger. Exit 1 when the ledger check fails or any payment errs.
 */
final class PaymentsBench {
    private PaymentsBench() {}

    static int run(String[] args) throws Exception {
        int customers = intArg(args, "--customers", 200);
        int payments = intArg(args, "--payments", 2_000);
        int concurrency = intArg(args, "--concurrency", 32);
        Optional<Path> config = stringArg(args, "--config").map(Path::of);
        Path dir = Files.createTempDirectory("openpalm-bench");
        var env = new java.util.HashMap<>(System.getenv());
        env.putIfAbsent("OPENPALM_DATA_DIR", dir.toString());
        env.put("OPENPALM_HTTP_PORT", "0");
        env.put("OPENPALM_ADMIN_TOKEN", "bench-" + UUID.randomUUID());
        ServerConfig sc = ConfigLoader.load(config, env);
        System.out.printf("bench payments: %d customers, %d payments, concurrency %d, %s%n", customers, payments, concurrency, sc.effectiveDatabase());
        try (OpenPalmServer server = Main.start(sc)) {
            ApiClient api = new ApiClient(server.port());
            api.onboard(sc.adminToken().orElseThrow());
            Latencies enrol = new Latencies("enrol");
            Latencies create = new Latencies("create payment");
            Latencies palm = new Latencies("palm -> authorise");
            Latencies capture = new Latencies("capture");
            AtomicInteger failures = new AtomicInteger();
            java.util.Queue<String> reasons = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Semaphore permits = new Semaphore(concurrency);
            List<Thread> threads = new ArrayList<>();
            for (int i = 1; i <= customers; i++) {
                long n = 900_000 + i;
                permits.acquire();
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        long t0 = System.nanoTime();
                        if (api.enrol(n).status() != 201) failures.incrementAndGet();
                        enrol.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Thread t : threads) t.join();
            threads.clear();
            AtomicInteger authorised = new AtomicInteger();
            long start = System.nanoTime();
            for (int i = 0; i < payments; i++) {
                long customer = 900_001 + (i % customers);
                long capture0 = i + 1;
                permits.acquire();
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        long t0 = System.nanoTime();
                        var created = api.post("/v1/payments", api.apiKey, UUID.randomUUID().toString(),
                                "{\"amount\":{\"minor\":" + (100 + capture0 % 900) + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + api.terminalId + "\"}");
                        long t1 = System.nanoTime();
                        create.add(t1 - t0);
                        String id = created.json().get("id").asText();
                        var result = api.terminalPost("/terminal/v1/payments/" + id + "/palm", UUID.randomUUID().toString(), ApiClient.palmJson(customer, capture0));
                        long t2 = System.nanoTime();
                        palm.add(t2 - t1);
                        if (result.status() == 200 && result.json().get("result").asText().equals("AUTHORISED")) {
                            authorised.incrementAndGet();
                            var cap = api.post("/v1/payments/" + id + "/capture", api.apiKey, UUID.randomUUID().toString(), "");
                            capture.add(System.nanoTime() - t2);
                            if (cap.status() != 200) failures.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                            reasons.add("palm " + result.status() + " " + result.json());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        reasons.add(e.toString());
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Thread t : threads) t.join();
            reasons.stream().limit(5).forEach(r -> System.out.println("failure: " + (r.length() > 300 ? r.substring(0, 300) : r)));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(enrol.report());
            System.out.println(create.report());
            System.out.println(palm.report());
            System.out.println(capture.report());
            System.out.printf("payments: %d authorised and captured of %d in %.1f s = %.1f payments/s; %d failures%n",
                    authorised.get(), payments, seconds, authorised.get() / seconds, failures.get());
            LedgerReport report = server.ledgerAudit().check();
            System.out.printf("ledger: %d transfers, %d payments, %s%n", report.transfers(), report.payments(),
                    report.ok() ? "OK" : report.problems().size() + " problems: " + report.problems().subList(0, Math.min(5, report.problems().size())));
            return report.ok() && failures.get() == 0 ? 0 : 1;
        }
    }

    static int intArg(String[] args, String name, int def) {
        return stringArg(args, name).map(Integer::parseInt).orElse(def);
    }

    static Optional<String> stringArg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return Optional.of(args[i + 1]);
        return Optional.empty();
    }
}
