package org.openpalm.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.RecordingOneTimeCodeSender;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.DatabaseConfig;

/**
 * {@code openpalm bench payments}: end-to-end palm payments over HTTP against a server in this
 * process, on embedded H2 in a temporary folder or on the database of {@code --config} /
 * {@code OPENPALM_DB_URL} (PostgreSQL: in a fresh schema {@code bench_<random>}, dropped at the end,
 * unless {@code db.schema} is set).
 *
 * <ol>
 *   <li>The gallery: {@code --gallery} crowd palms (default 10,000) are written to the store
 *       before the server starts ({@link GalleryFill}); the server loads them into its index.</li>
 *   <li>{@code --customers} shoppers enrol over HTTP (palm images, card, consent).</li>
 *   <li>Warm-up, in rounds of 1,000 payments, until the JIT compilers are busy less than 5 % of a
 *       round's time (at least 2,000 payments, at most {@code --warmup}, default 40,000): the
 *       server's request path reaches its compiled steady state only after some 10,000 payments
 *       (on two cores the C2 compiler competes with the requests; after 1,000 payments it still
 *       took a fifth of the CPU, and much of the request path ran as profiled C1 code). Then
 *       {@code --payments} measured ones, {@code --concurrency} at a
 *       time. A payment is: create (merchant API), palm (terminal API: image to template, 1:N
 *       identification in the whole gallery, authorisation by the in-process network, ledger
 *       entries). With {@code --capture automatic} (the default: a counter sale) the payment is
 *       created with {@code capture_method: automatic} and the palm call also captures it; with
 *       {@code --capture manual} the till captures it with a third call. Its latency is the calls
 *       together.</li>
 *   <li>The ledger check.</li>
 * </ol>
 * The HTTP client runs in this JVM, on the same cores: its work (signing, JSON, sockets) is
 * counted against the server's throughput. Palm images are made before the clock starts.
 * Exit 1 when the ledger check fails or any payment errs.
 */
final class PaymentsBench {
    private static final int CAPTURES_PER_CUSTOMER = 4;

    private PaymentsBench() {}

    static int run(String[] args) throws Exception {
        int gallery = intArg(args, "--gallery", 10_000);
        int customers = intArg(args, "--customers", 100);
        int warmup = intArg(args, "--warmup", 40_000);
        int payments = intArg(args, "--payments", 10_000);
        int concurrency = intArg(args, "--concurrency", 16);
        boolean json = List.of(args).contains("--json");
        String capture = stringArg(args, "--capture").orElse("automatic");
        if (!capture.equals("automatic") && !capture.equals("manual")) throw new IllegalArgumentException("--capture must be automatic or manual");
        boolean automatic = capture.equals("automatic");
        Optional<Path> config = stringArg(args, "--config").map(Path::of);
        PrintStream out = json ? System.err : System.out;

        Path dir = Files.createTempDirectory("openpalm-bench");
        Map<String, String> env = new HashMap<>(System.getenv());
        // --pg-pair: a private primary with a synchronous standby, so each commit waits for the standby.
        Optional<org.openpalm.store.PostgresPair> pair = List.of(args).contains("--pg-pair")
                ? Optional.of(org.openpalm.store.PostgresPair.start()) : Optional.empty();
        pair.ifPresent(p -> {
            env.put("OPENPALM_DB_URL", p.jdbcUrl());
            env.put("OPENPALM_DB_USER", "postgres");
        });
        benchServer(env, dir);
        BenchConfig loaded = loadConfig(config, env);
        ServerConfig sc = loaded.server();
        Optional<String> dropSchema = loaded.dropSchema();
        out.printf("bench payments: gallery %,d, %d customers, warm-up up to %d + %d payments, concurrency %d, %s capture, %s%n",
                gallery, customers, warmup, payments, concurrency, capture, sc.effectiveDatabase());
        try {
            long fillMillis = GalleryFill.fill(sc, gallery, 20_260_101);
            out.printf("gallery: %,d crowd palms stored in %.1f s%n", gallery, fillMillis / 1e3);
            long startAt = System.nanoTime();
            RecordingOneTimeCodeSender codes = new RecordingOneTimeCodeSender();
            try (OpenPalmServer server = Main.start(sc, codes)) {
                out.printf("server: started with %,d enrolled palms in its index in %.1f s%n", server.enrolledPalms(), (System.nanoTime() - startAt) / 1e9);
                if (server.enrolledPalms() < gallery) throw new IllegalStateException("the gallery did not reach the server's index");
                Result r = drive(server, sc, codes, customers, warmup, payments, concurrency, automatic, out);
                LedgerReport report = server.ledgerAudit().check();
                out.printf("ledger: %d transfers, %d payments, %s%n", report.transfers(), report.payments(),
                        report.ok() ? "OK" : report.problems().size() + " problems: " + report.problems().subList(0, Math.min(5, report.problems().size())));
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("payments_per_s", Math.round(r.perSecond() * 10) / 10.0);
                    o.put("p50_ms", Math.round(r.p50Millis() * 10) / 10.0);
                    o.put("p99_ms", Math.round(r.p99Millis() * 10) / 10.0);
                    o.put("errors", r.errors());
                    System.out.println(ApiClient.JSON.writeValueAsString(o));
                }
                return report.ok() && r.errors() == 0 ? 0 : 1;
            }
        } finally {
            if (dropSchema.isPresent() && pair.isEmpty()) drop(sc.database().get(), dropSchema.get());
            pair.ifPresent(org.openpalm.store.PostgresPair::close);
        }
    }

    record Result(double perSecond, double p50Millis, double p99Millis, int errors) {}

    private static Result drive(OpenPalmServer server, ServerConfig sc, RecordingOneTimeCodeSender codes, int customers, int warmup, int payments, int concurrency,
                                boolean automatic, PrintStream out) throws Exception {
        ApiClient api = new ApiClient(server.port());
        api.onboard(sc.adminToken().orElseThrow(), server.adminPort());
        long t0 = System.nanoTime();
        AtomicInteger enrolFailures = new AtomicInteger();
        forEach(customers, concurrency, i -> {
            ApiClient.Reply r = api.enrol(900_001 + i, phone -> codes.enrolmentCode(phone).orElseThrow());
            if (r.status() != 201) {
                enrolFailures.incrementAndGet();
                out.println("enrol failed: " + r.status() + " " + r.json());
            }
        });
        out.printf("enrolled %d customers over HTTP in %.1f s (%d failed); %,d palms in the index%n", customers,
                (System.nanoTime() - t0) / 1e9, enrolFailures.get(), server.enrolledPalms());
        int capturesPerCustomer = capturesPerCustomer(sc, customers, CAPTURES_PER_CUSTOMER);
        byte[][][] palms = new byte[customers][capturesPerCustomer][];
        IntStream.range(0, customers * capturesPerCustomer).parallel()
                .forEach(k -> palms[k / capturesPerCustomer][k % capturesPerCustomer] = ApiClient.capturePng(900_001 + k / capturesPerCustomer, 1 + k % capturesPerCustomer));

        Queue<String> reasons = new ConcurrentLinkedQueue<>();
        AtomicInteger warmupErrors = new AtomicInteger();
        Steps ignored = new Steps();
        int warmed = warmUp(api, palms, warmup, concurrency, automatic, ignored, warmupErrors, reasons, out);
        out.printf("warm-up: %d payments, %d errors%n", warmed, warmupErrors.get());

        Steps steps = new Steps();
        Latencies latencies = steps.payment;
        AtomicInteger errors = new AtomicInteger();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        forEach(payments, concurrency, i -> pay(api, palms, warmed + i, automatic, steps, errors, reasons));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (os.getProcessCpuTime() - cpu0) / 1e6;
        reasons.stream().limit(5).forEach(r -> out.println("failure: " + (r.length() > 300 ? r.substring(0, 300) : r)));
        long[] sorted = latencies.sorted();
        double perSecond = (payments - errors.get()) / seconds;
        out.println(steps.create.report());
        out.println(steps.palm.report());
        if (!automatic) out.println(steps.capture.report());
        out.println(latencies.report());
        out.println(perSecond(steps.finishedAt, start, seconds));
        out.printf("payments: %d of %d authorised and captured in %.1f s = %.1f payments/s; %d errors%n",
                payments - errors.get(), payments, seconds, perSecond, errors.get());
        out.printf("cpu: %.1f ms of this process (server and client) per payment, %.2f of %d cores busy; machine load average %.1f%n",
                cpuMillis / payments, cpuMillis / 1e3 / seconds, Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage());
        return new Result(perSecond, Latencies.millis(sorted, 0.50), Latencies.millis(sorted, 0.99), errors.get() + enrolFailures.get());
    }

    /**
     * The settings of a bench's in-process server in {@code env}: data in {@code dir}, ports of the
     * system's choosing, a fresh admin token; one bench terminal stands for a whole shop floor (or a
     * stadium's turnstiles), so its request rate limit and per-minute presentation cap, which would
     * measure themselves, are lifted.
     */
    static void benchServer(Map<String, String> env, Path dir) {
        env.putIfAbsent("OPENPALM_DATA_DIR", dir.toString());
        env.put("OPENPALM_HTTP_PORT", "0");
        env.put("OPENPALM_ADMIN_PORT", "0");
        env.put("OPENPALM_ADMIN_TOKEN", "bench-" + UUID.randomUUID());
        env.putIfAbsent("OPENPALM_TERMINAL_RATE_LIMIT_REQUESTS_PER_MINUTE", "1000000000");
        env.putIfAbsent("OPENPALM_TERMINAL_RATE_LIMIT_BURST_REQUESTS", "1000000");
        env.putIfAbsent("OPENPALM_PRESENTATIONS_MAX_PER_TERMINAL_PER_MINUTE", Integer.toString(Integer.MAX_VALUE));
    }

    /**
     * Enough different pictures per customer that one comes back only after more captures than the
     * server compares a new one with (presentations.recentTemplateCaptures): a picture sent again
     * with new bytes would otherwise be a near-identical template, i.e. a replay.
     */
    static int capturesPerCustomer(ServerConfig sc, int customers, int atLeast) {
        return Math.max(atLeast, (sc.presentations().recentTemplateCaptures() + 64) / customers + 1);
    }

    private static final int WARMUP_ROUND = 1_000;
    private static final int MIN_WARMUP = 2_000;
    private static final double SETTLED_JIT_SHARE = 0.05;

    /**
     * Pays in rounds until the JIT compilers worked less than {@link #SETTLED_JIT_SHARE} of a
     * round's wall time (compilation time as the JVM counts it, summed over compiler threads), or
     * {@code max} payments were made. Returns how many were made.
     */
    private static int warmUp(ApiClient api, byte[][][] palms, int max, int concurrency, boolean automatic, Steps ignored,
                              AtomicInteger errors, Queue<String> reasons, PrintStream out) throws InterruptedException {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        int done = 0;
        while (done < max) {
            int round = Math.min(WARMUP_ROUND, max - done);
            long compiling0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            int from = done;
            forEach(round, concurrency, i -> pay(api, palms, from + i, automatic, ignored, errors, reasons));
            done += round;
            double wallMillis = (System.nanoTime() - t0) / 1e6;
            double share = (jit.getTotalCompilationTime() - compiling0) / wallMillis;
            out.printf("warm-up: %,d payments, %.0f payments/s, JIT compiling %.0f%% of the time%n", done, round / wallMillis * 1e3, 100 * share);
            if (done >= MIN_WARMUP && share < SETTLED_JIT_SHARE) break;
        }
        return done;
    }

    /** Payments finished in each whole second of the measured run: lowest, median and highest. */
    static String perSecond(java.util.Collection<Long> finishedAt, long start, double seconds) {
        int whole = (int) seconds;
        if (whole < 1) return "per second: run shorter than a second";
        int[] count = new int[whole];
        for (long t : finishedAt) {
            int second = (int) ((t - start) / 1_000_000_000L);
            if (second >= 0 && second < whole) count[second]++;
        }
        int[] sorted = count.clone();
        java.util.Arrays.sort(sorted);
        return String.format("per second (%d whole seconds): lowest %d, median %d, highest %d payments", whole, sorted[0],
                sorted[whole / 2], sorted[whole - 1]);
    }

    /** Latencies of each call and of the whole payment. */
    private static final class Steps {
        final Latencies create = new Latencies("create payment");
        final Latencies palm = new Latencies("palm -> authorise (and capture when automatic)");
        final Latencies capture = new Latencies("capture");
        final Latencies payment = new Latencies("whole payment");
        /** When each payment finished (System.nanoTime), to show the rate held second by second. */
        final java.util.concurrent.ConcurrentLinkedQueue<Long> finishedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();

        void finished(long startedAt, long now) {
            payment.add(now - startedAt);
            finishedAt.add(now);
        }
    }

    /** One payment: create, palm (and capture when manual). Counts an error unless all succeed and it ends CAPTURED. */
    private static void pay(ApiClient api, byte[][][] palms, int i, boolean automatic, Steps steps, AtomicInteger errors, Queue<String> reasons) {
        int customer = i % palms.length;
        try {
            long t0 = System.nanoTime();
            long amount = 100 + i % 900;
            ApiClient.Reply created = api.post("/v1/payments", api.apiKey, UUID.randomUUID().toString(),
                    "{\"amount\":{\"minor\":" + amount + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + api.terminalId
                            + "\",\"capture_method\":\"" + (automatic ? "automatic" : "manual") + "\"}");
            if (created.status() != 201) {
                errors.incrementAndGet();
                reasons.add("create " + created.status() + " " + created.json());
                return;
            }
            long t1 = System.nanoTime();
            steps.create.add(t1 - t0);
            String id = created.json().get("id").asText();
            ApiClient.Reply palm = api.terminalPost("/terminal/v1/payments/" + id + "/palm", UUID.randomUUID().toString(),
                    ApiClient.palmJson(ApiClient.asFrame(palms[customer][(i / palms.length) % palms[customer].length], i)));
            if (palm.status() != 200 || !palm.json().get("result").asText().equals("AUTHORISED")) {
                errors.incrementAndGet();
                reasons.add("palm " + palm.status() + " " + palm.json());
                return;
            }
            long t2 = System.nanoTime();
            steps.palm.add(t2 - t1);
            if (automatic) {
                if (!palm.json().get("payment").get("status").asText().equals("CAPTURED")) {
                    errors.incrementAndGet();
                    reasons.add("not captured automatically: " + palm.json());
                    return;
                }
                steps.finished(t0, t2);
                return;
            }
            ApiClient.Reply captured = api.post("/v1/payments/" + id + "/capture", api.apiKey, UUID.randomUUID().toString(), "");
            if (captured.status() != 200) {
                errors.incrementAndGet();
                reasons.add("capture " + captured.status() + " " + captured.json());
                return;
            }
            long t3 = System.nanoTime();
            steps.capture.add(t3 - t2);
            steps.finished(t0, t3);
        } catch (Exception e) {
            errors.incrementAndGet();
            reasons.add(e.toString());
        }
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /** Runs task(0..n-1) on {@code concurrency} virtual threads, each taking the next index. */
    static void forEach(int n, int concurrency, Task task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                        task.run(i);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
    }

    /** The server config of a bench run, and the schema made up for it (to drop at the end) when none was set. */
    record BenchConfig(ServerConfig server, Optional<String> dropSchema) {}

    /**
     * Loads the config; on PostgreSQL without a schema, gives the run a fresh one (put into env too) so that
     * runs never see each other's rows and the whole run can be dropped in one statement.
     */
    static BenchConfig loadConfig(Optional<Path> config, Map<String, String> env) {
        ServerConfig sc = ConfigLoader.load(config, env);
        Optional<String> dropSchema = Optional.empty();
        if (sc.database().isPresent() && sc.database().get().isPostgres() && sc.database().get().schema().isEmpty()) {
            String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            env.put("OPENPALM_DB_SCHEMA", schema);
            sc = ConfigLoader.load(config, env);
            dropSchema = Optional.of(schema);
        }
        return new BenchConfig(sc, dropSchema);
    }

    static void drop(DatabaseConfig db, String schema) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (java.sql.SQLException e) {
            System.err.println("could not drop the bench schema " + schema + ": " + e.getMessage());
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
