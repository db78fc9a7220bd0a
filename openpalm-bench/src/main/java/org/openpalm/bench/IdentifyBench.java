package org.openpalm.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.openpalm.biometrics.Decision;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.Identification;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.SyntheticTemplates;

/**
 * {@code bench identify --gallery N}: fills a {@link PalmIndex} with N synthetic palms and measures
 * identification latency (half genuine probes, half impostors), add latency, slab bytes per palm,
 * the bytes the search moves per second, and for comparison the machine's memory bandwidth.
 */
final class IdentifyBench {
    private IdentifyBench() {}

    static void main(String[] args) {
        int gallery = 10_000;
        int probes = 300;
        long seed = 1;
        boolean json = false;
        boolean protect = false;
        int nodes = 0;
        int partitions = 271;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--gallery" -> gallery = parseCount(args[++i]);
                case "--probes" -> probes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--json" -> json = true;
                case "--protected" -> protect = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (gallery < 1 || probes < 2) throw new IllegalArgumentException("--gallery >= 1 and --probes >= 2");
        if (nodes > 0) {
            // A clustered gallery (protected templates, as the server holds them) of that many members.
            ClusterIdentifyBench.Result r = ClusterIdentifyBench.run(gallery, nodes, probes, seed, partitions);
            System.out.println(r.json());
            return;
        }
        Result r = run(gallery, probes, seed, !json, protect);
        if (json) {
            System.out.println(r.json());
        } else {
            System.out.println(r.text());
        }
    }

    /** Accepts 1000000, 1_000_000, 1e6, 100k, 1m. */
    static int parseCount(String s) {
        String t = s.replace("_", "").toLowerCase(Locale.ROOT);
        if (t.endsWith("k")) return Math.toIntExact(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e3));
        if (t.endsWith("m")) return Math.toIntExact(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e6));
        return Math.toIntExact(Math.round(Double.parseDouble(t)));
    }

    record Result(int gallery, double p50Ms, double p99Ms, double bytesPerPalm, double addUs, double scanGbPerS,
            double memoryGbPerS, int fineCandidates, double genuineRank1, double genuineMatch, double impostorMatch,
            double buildSeconds, boolean protectedTemplates) {
        String json() {
            return String.format(Locale.ROOT,
                    "{\"gallery\":%d,\"protected\":%b,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"bytes_per_palm\":%.1f,\"add_us\":%.2f,"
                            + "\"scan_gb_per_s\":%.2f,\"memory_gb_per_s\":%.2f,\"fine_candidates\":%d,"
                            + "\"genuine_rank1\":%.4f,\"genuine_match_rate\":%.4f,\"impostor_match_rate\":%.4f,"
                            + "\"cores\":%d}",
                    gallery, protectedTemplates, p50Ms, p99Ms, bytesPerPalm, addUs, scanGbPerS, memoryGbPerS, fineCandidates,
                    genuineRank1, genuineMatch, impostorMatch, Runtime.getRuntime().availableProcessors());
        }

        String text() {
            return String.format(Locale.ROOT, """
                    gallery            %,d palms (built in %.1f s)
                    identify p50       %.3f ms
                    identify p99       %.3f ms
                    add                %.2f us per palm
                    slab bytes         %.1f per palm
                    search scan        %.2f GB/s (coarse codes of every palm + %d fine codes per query)
                    memory bandwidth   %.2f GB/s (sum of a long[] on %d cores)
                    genuine rank-1     %.2f %%   genuine matched %.2f %%   impostors matched %.2f %%""",
                    gallery, buildSeconds, p50Ms, p99Ms, addUs, bytesPerPalm, scanGbPerS, fineCandidates,
                    memoryGbPerS, Runtime.getRuntime().availableProcessors(), 100 * genuineRank1,
                    100 * genuineMatch, 100 * impostorMatch);
        }
    }

    static Result run(int gallery, int probes, long seed, boolean verbose) {
        return run(gallery, probes, seed, verbose, false);
    }

    /** With {@code protect}: the index holds protected templates only (a random key), probes are protected per search. */
    static Result run(int gallery, int probes, long seed, boolean verbose, boolean protect) {
        SyntheticTemplates synth = new SyntheticTemplates(seed);
        PalmIndex index = protect
                ? new PalmIndex(org.openpalm.biometrics.IndexConfig.DEFAULT, org.openpalm.biometrics.TemplateProtectionKey.generate())
                : new PalmIndex();
        long t0 = System.nanoTime();
        Progress progress = new Progress("building gallery", gallery);
        int chunk = 4096;
        int chunks = (gallery + chunk - 1) / chunk;
        AtomicLong done = new AtomicLong();
        // Generation dominates the build; it runs on all cores, each chunk enrolled in one go.
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * chunk;
            int to = Math.min(gallery, from + chunk);
            for (int i = from; i < to; i++) index.put(id(i), synth.enrolment(i));
            progress.update(done.addAndGet(to - from));
        });
        progress.finish();
        double buildSeconds = (System.nanoTime() - t0) / 1e9;

        // Add latency: the time put() takes for templates already made (extraction is benchmarked apart).
        int adds = 2000;
        List<PalmTemplate> extra = IntStream.range(0, adds).parallel()
                .mapToObj(i -> synth.enrolment(gallery + 1_000_000_000L + i)).toList();
        for (int i = 0; i < adds; i++) index.put(id(-1 - i), extra.get(i)); // warm the path
        for (int i = 0; i < adds; i++) index.remove(id(-1 - i));
        long a0 = System.nanoTime();
        for (int i = 0; i < adds; i++) index.put(id(-1 - i), extra.get(i));
        double addUs = (System.nanoTime() - a0) / 1e3 / adds;
        for (int i = 0; i < adds; i++) index.remove(id(-1 - i));

        // Probes: genuine (a second capture of an enrolled identity) and impostor (an identity never enrolled).
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed * 31 + 7);
        int warmup = Math.min(100, probes);
        int total = warmup + probes;
        long[] identity = new long[total];
        PalmTemplate[] probe = new PalmTemplate[total];
        for (int i = 0; i < total; i++) {
            boolean genuine = i % 2 == 0;
            identity[i] = genuine ? rnd.nextInt(gallery) : -1;
            probe[i] = genuine ? synth.capture(identity[i], 1 + rnd.nextInt(1000)) : synth.enrolment(2_000_000_000L + i);
        }
        double[] ms = new double[probes];
        int genuineCount = 0;
        int rank1 = 0;
        int genuineMatched = 0;
        int impostorMatched = 0;
        Progress qp = new Progress("identifying", total);
        int fine = index.config().fineCandidatesFor(index.size());
        for (int i = 0; i < total; i++) {
            long q0 = System.nanoTime();
            Identification r = index.identify(probe[i], 5);
            long q1 = System.nanoTime();
            qp.update(i + 1);
            if (i < warmup) continue;
            ms[i - warmup] = (q1 - q0) / 1e6;
            boolean matched = switch (r.decision()) {
                case Decision.Match m -> true;
                case Decision.Undecided u -> false;
                case Decision.NoMatch n -> false;
            };
            if (identity[i] >= 0) {
                genuineCount++;
                if (!r.candidates().isEmpty() && r.candidates().getFirst().id().equals(id(identity[i]))) rank1++;
                if (matched && r.candidates().getFirst().id().equals(id(identity[i]))) genuineMatched++;
            } else if (matched) {
                impostorMatched++;
            }
        }
        qp.finish();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double p50 = percentile(sorted, 0.50);
        double p99 = percentile(sorted, 0.99);
        double meanMs = Arrays.stream(ms).average().orElse(Double.NaN);
        long scanned = (long) gallery * (64 + 4) + (long) fine * 512;
        double scanGbPerS = scanned / (meanMs / 1e3) / 1e9;
        double bytesPerPalm = (double) index.slabBytes() / gallery;
        double memory = memoryBandwidthGbPerS();
        int impostors = probes - genuineCount;
        return new Result(gallery, p50, p99, bytesPerPalm, addUs, scanGbPerS, memory, fine,
                (double) rank1 / genuineCount, (double) genuineMatched / genuineCount,
                impostors == 0 ? 0 : (double) impostorMatched / impostors, buildSeconds, protect);
    }

    private static EnrolmentId id(long i) {
        return new EnrolmentId("palm-" + i);
    }

    static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.clamp(i, 0, sorted.length - 1)];
    }

    /**
     * Sums a 512 MB long[] on all cores, best of 5: the most bytes per second a scan on this
     * machine can move, the ceiling for scan_gb_per_s.
     */
    static double memoryBandwidthGbPerS() {
        int cores = Runtime.getRuntime().availableProcessors();
        long[] data = new long[64 << 20];
        Arrays.parallelSetAll(data, i -> i);
        int part = data.length / cores;
        double best = 0;
        long sink = 0;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            sink += IntStream.range(0, cores).parallel().mapToLong(c -> {
                long s = 0;
                int to = c == cores - 1 ? data.length : (c + 1) * part;
                for (int i = c * part; i < to; i++) s += data[i];
                return s;
            }).sum();
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, 8.0 * data.length / seconds / 1e9);
        }
        if (sink == 42) System.err.print(""); // keeps the sums alive
        return best;
    }

    /** A one-line progress bar on stderr. */
    static final class Progress {
        private final String label;
        private final long total;
        private volatile int shown = -1;

        Progress(String label, long total) {
            this.label = label;
            this.total = total;
        }

        synchronized void update(long done) {
            int percent = (int) (100 * done / Math.max(1, total));
            if (percent == shown) return;
            shown = percent;
            int bars = percent / 2;
            System.err.print("\r" + label + " [" + "#".repeat(bars) + " ".repeat(50 - bars) + "] " + percent + "% "
                    + String.format(Locale.ROOT, "%,d/%,d", done, total));
        }

        void finish() {
            System.err.println();
        }
    }

}
