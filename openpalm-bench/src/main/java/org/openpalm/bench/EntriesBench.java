package org.openpalm.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.RecordingOneTimeCodeSender;
import org.openpalm.server.ServerConfig;

/**
 * {@code openpalm bench entries}: entries by palm at a gate over HTTP, against a server in this
 * process (embedded H2 in a temporary folder, or the database of {@code --config} /
 * {@code OPENPALM_DB_URL} in a fresh schema, as {@link PaymentsBench}).
 *
 * <ol>
 *   <li>The gallery: {@code --gallery} crowd palms (default 100,000) stored before the server starts.</li>
 *   <li>{@code --customers} shoppers (default 100) enrol over HTTP and give their entry consent at
 *       the kiosk; nine in ten join the loyalty programme (admitted as members), one in ten holds
 *       only an expired ticket (refused: TICKET_EXPIRED). Every answer is checked against that.</li>
 *   <li>Warm-up in rounds of 1,000 entries until the JIT compilers are busy less than 5 % of a
 *       round (at least 2,000, at most {@code --warmup}, default 20,000); then {@code --entries}
 *       measured ones (default 5,000), {@code --concurrency} at a time (default 16). An entry is one
 *       signed call: image to template, 1:N identification in the whole gallery, the access list,
 *       the entry recorded and audited in one transaction.</li>
 * </ol>
 * Exit 1 when an entry errs or gets the wrong answer.
 */
final class EntriesBench {
    private static final int CAPTURES_PER_CUSTOMER = 4;

    private EntriesBench() {}

    static int run(String[] args) throws Exception {
        int gallery = PaymentsBench.intArg(args, "--gallery", 100_000);
        int customers = PaymentsBench.intArg(args, "--customers", 100);
        int warmup = PaymentsBench.intArg(args, "--warmup", 20_000);
        int entries = PaymentsBench.intArg(args, "--entries", 5_000);
        int concurrency = PaymentsBench.intArg(args, "--concurrency", 16);
        boolean json = List.of(args).contains("--json");
        Optional<Path> config = PaymentsBench.stringArg(args, "--config").map(Path::of);
        PrintStream out = json ? System.err : System.out;

        Path dir = Files.createTempDirectory("openpalm-bench-entries");
        Map<String, String> env = new HashMap<>(System.getenv());
        PaymentsBench.benchServer(env, dir);
        PaymentsBench.BenchConfig loaded = PaymentsBench.loadConfig(config, env);
        ServerConfig sc = loaded.server();
        Optional<String> dropSchema = loaded.dropSchema();
        out.printf("bench entries: gallery %,d, %d customers, warm-up up to %d + %d entries, concurrency %d, %s%n",
                gallery, customers, warmup, entries, concurrency, sc.effectiveDatabase());
        try {
            long fillMillis = GalleryFill.fill(sc, gallery, 20_261_205);
            out.printf("gallery: %,d crowd palms stored in %.1f s%n", gallery, fillMillis / 1e3);
            RecordingOneTimeCodeSender codes = new RecordingOneTimeCodeSender();
            try (OpenPalmServer server = Main.start(sc, codes)) {
                out.printf("server: %,d enrolled palms in its index%n", server.enrolledPalms());
                if (server.enrolledPalms() < gallery) throw new IllegalStateException("the gallery did not reach the server's index");
                Result r = drive(server, sc, codes, customers, warmup, entries, concurrency, out);
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("entries_per_s", Math.round(r.perSecond() * 10) / 10.0);
                    o.put("p50_ms", Math.round(r.p50Millis() * 10) / 10.0);
                    o.put("p99_ms", Math.round(r.p99Millis() * 10) / 10.0);
                    o.put("errors", r.errors());
                    System.out.println(ApiClient.JSON.writeValueAsString(o));
                }
                return r.errors() == 0 ? 0 : 1;
            }
        } finally {
            if (dropSchema.isPresent()) PaymentsBench.drop(sc.database().get(), dropSchema.get());
        }
    }

    record Result(double perSecond, double p50Millis, double p99Millis, int errors) {}

    /** Customers whose index is a multiple of ten hold only an expired ticket; the others are members. */
    private static boolean member(int customer) {
        return customer % 10 != 0;
    }

    private static Result drive(OpenPalmServer server, ServerConfig sc, RecordingOneTimeCodeSender codes, int customers, int warmup, int entries,
                                int concurrency, PrintStream out) throws Exception {
        ApiClient api = new ApiClient(server.port());
        api.onboard(sc.adminToken().orElseThrow(), server.adminPort());
        api.addGate();
        ApiClient.Reply programme = api.post("/v1/loyalty/programme", api.apiKey, UUID.randomUUID().toString(),
                "{\"name\":\"Bench club\",\"currency\":\"EUR\",\"points_per_unit\":1}");
        if (programme.status() != 200) throw new IllegalStateException("programme: " + programme.json());
        long t0 = System.nanoTime();
        AtomicInteger setupFailures = new AtomicInteger();
        Instant now = Instant.now();
        PaymentsBench.forEach(customers, concurrency, i -> {
            long n = 800_001 + i;
            ApiClient.Reply enrolled = api.enrol(n, phone -> codes.enrolmentCode(phone).orElseThrow());
            if (enrolled.status() != 201) {
                setupFailures.incrementAndGet();
                out.println("enrol failed: " + enrolled.status() + " " + enrolled.json());
                return;
            }
            ApiClient.Reply consent = api.kioskPost("/terminal/v1/entry-consents", UUID.randomUUID().toString(), "{\"palm_image\":\""
                    + java.util.Base64.getEncoder().encodeToString(ApiClient.capturePng(n, 1_000)) + "\",\"entry_consent\":true,\"consent_text_version\":\"entry-v1\"}");
            ApiClient.Reply listed;
            if (member(i)) {
                listed = api.kioskPost("/terminal/v1/loyalty/members", UUID.randomUUID().toString(), "{\"palm_image\":\""
                        + java.util.Base64.getEncoder().encodeToString(ApiClient.capturePng(n, 1_001))
                        + "\",\"display_name\":\"Member " + i + "\",\"loyalty_consent\":true,\"consent_text_version\":\"loyalty-v1\"}");
            } else {
                listed = api.post("/v1/access/tickets", api.apiKey, UUID.randomUUID().toString(), "{\"customer_id\":\""
                        + enrolled.json().get("customer_id").asText() + "\",\"holder_name\":\"Visitor " + i + "\",\"valid_from\":\""
                        + now.minus(2, ChronoUnit.DAYS) + "\",\"valid_until\":\"" + now.minus(1, ChronoUnit.DAYS) + "\"}");
            }
            if (consent.status() != 201 || listed.status() != 201) {
                setupFailures.incrementAndGet();
                out.println("access list failed: " + consent.json() + " " + listed.json());
            }
        });
        out.printf("enrolled %d customers with entry consent (%d members, %d expired tickets) in %.1f s (%d failed)%n", customers,
                IntStream.range(0, customers).filter(EntriesBench::member).count(), IntStream.range(0, customers).filter(i -> !member(i)).count(),
                (System.nanoTime() - t0) / 1e9, setupFailures.get());
        // gates pass the payments' replay rules: no picture may come back within the server's template window
        int capturesPerCustomer = PaymentsBench.capturesPerCustomer(sc, customers, CAPTURES_PER_CUSTOMER);
        byte[][][] palms = new byte[customers][capturesPerCustomer][];
        IntStream.range(0, customers * capturesPerCustomer).parallel()
                .forEach(k -> palms[k / capturesPerCustomer][k % capturesPerCustomer] = ApiClient.capturePng(800_001 + k / capturesPerCustomer, 1 + k % capturesPerCustomer));

        Queue<String> reasons = new ConcurrentLinkedQueue<>();
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        int done = 0;
        AtomicInteger warmupErrors = new AtomicInteger();
        Latencies ignored = new Latencies("warm-up");
        while (done < warmup) {
            int round = Math.min(1_000, warmup - done);
            long compiling0 = jit.getTotalCompilationTime();
            long w0 = System.nanoTime();
            int from = done;
            PaymentsBench.forEach(round, concurrency, i -> enter(api, palms, from + i, ignored, warmupErrors, reasons));
            done += round;
            double wallMillis = (System.nanoTime() - w0) / 1e6;
            double share = (jit.getTotalCompilationTime() - compiling0) / wallMillis;
            out.printf("warm-up: %,d entries, %.0f entries/s, JIT compiling %.0f%% of the time%n", done, round / wallMillis * 1e3, 100 * share);
            if (done >= 2_000 && share < 0.05) break;
        }
        int warmed = done;
        Latencies latencies = new Latencies("entry");
        AtomicInteger errors = new AtomicInteger();
        reasons.clear();
        long start = System.nanoTime();
        PaymentsBench.forEach(entries, concurrency, i -> enter(api, palms, warmed + i, latencies, errors, reasons));
        double seconds = (System.nanoTime() - start) / 1e9;
        reasons.stream().limit(5).forEach(r -> out.println("failure: " + (r.length() > 300 ? r.substring(0, 300) : r)));
        long[] sorted = latencies.sorted();
        double perSecond = (entries - errors.get()) / seconds;
        out.println(latencies.report());
        out.printf("entries: %d of %d answered as expected in %.1f s = %.1f entries/s; %d errors (warm-up: %d entries, %d errors)%n",
                entries - errors.get(), entries, seconds, perSecond, errors.get(), warmed, warmupErrors.get());
        return new Result(perSecond, Latencies.millis(sorted, 0.50), Latencies.millis(sorted, 0.99), errors.get() + setupFailures.get());
    }

    /** One entry; an error unless answered 200 with ALLOWED for a member, DENIED TICKET_EXPIRED for a ticket holder. */
    private static void enter(ApiClient api, byte[][][] palms, int i, Latencies latencies, AtomicInteger errors, Queue<String> reasons) {
        int customer = i % palms.length;
        try {
            long t0 = System.nanoTime();
            ApiClient.Reply r = api.gatePost("/terminal/v1/entries", UUID.randomUUID().toString(),
                    ApiClient.palmJson(ApiClient.asFrame(palms[customer][(i / palms.length) % palms[customer].length], i)));
            long took = System.nanoTime() - t0;
            String expected = member(customer) ? "ALLOWED" : "TICKET_EXPIRED";
            String got = r.status() != 200 ? "HTTP " + r.status() : r.json().get("result").asText().equals("ALLOWED") ? "ALLOWED" : r.json().path("reason").asText();
            if (!got.equals(expected)) {
                errors.incrementAndGet();
                reasons.add("customer " + customer + ": expected " + expected + ", got " + got + " " + r.json());
                return;
            }
            latencies.add(took);
        } catch (Exception e) {
            errors.incrementAndGet();
            reasons.add(e.toString());
        }
    }
}
