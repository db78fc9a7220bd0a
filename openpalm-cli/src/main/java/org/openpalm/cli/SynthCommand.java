package org.openpalm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openpalm.biometrics.SyntheticPalms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openpalm synth}: writes a synthetic palm ROI dataset (PNG images and a
 * {@code manifest.csv} in the format of the real datasets). Identities are generated in parallel;
 * every file depends only on (seed, identity, session, sample), so the output is byte-identical
 * for the same arguments whatever the thread count or scheduling.
 */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = {
            "Writes synthetic palm ROIs (128x128 grey PNG, fingers up) and a manifest.csv "
                    + "(file,subject,hand,session,sample).",
            "The first half of each identity's samples is session 1, the rest session 2. "
                    + "Same arguments, same bytes."
        })
public final class SynthCommand implements java.util.concurrent.Callable<Integer> {
    /** Progress redraws at most this often, so a fast run does not flood a slow terminal. */
    private static final long PROGRESS_INTERVAL_MILLIS = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--identities", required = true, paramLabel = "N", description = "number of palms (subjects)")
    int identities;

    @Option(names = "--samples", required = true, paramLabel = "K", description = "images per palm")
    int samples;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-progress", description = "do not draw the progress bar on stderr")
    boolean noProgress;

    /** One row of manifest.csv. */
    record Entry(String file, String subject, int session, int sample) {
        String csv() {
            return file + "," + subject + ",unknown," + session + "," + sample;
        }
    }

    /** The files of identity {@code identity} (0-based) with {@code samples} images, in order. */
    static List<Entry> entriesOf(int identity, int samples) {
        String subject = String.format(Locale.ROOT, "synth-%05d", identity + 1);
        int firstSession = (samples + 1) / 2; // first half (rounded up) is session 1
        List<Entry> entries = new ArrayList<>(samples);
        for (int k = 0; k < samples; k++) {
            int session = k < firstSession ? 1 : 2;
            int sample = session == 1 ? k + 1 : k - firstSession + 1;
            String file = String.format(Locale.ROOT, "%s_s%d_%02d.png", subject, session, sample);
            entries.add(new Entry(file, subject, session, sample));
        }
        return entries;
    }

    @Override
    public Integer call() throws Exception {
        if (identities < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--identities must be at least 1");
        if (samples < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--samples must be at least 1");
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        Files.createDirectories(out);
        SyntheticPalms palms = SyntheticPalms.withSeed(seed);
        long total = (long) identities * samples;
        ProgressBar progress = new ProgressBar(noProgress ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getErr(),
                "palms", total, PROGRESS_INTERVAL_MILLIS);

        List<Future<?>> futures = new ArrayList<>(identities);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, identities));
        try {
            for (int i = 0; i < identities; i++) {
                int identity = i;
                futures.add(pool.submit(() -> {
                    SyntheticPalms.Palm palm = palms.palm(identity);
                    for (Entry e : entriesOf(identity, samples)) {
                        byte[] png = palm.capture(e.session(), e.sample()).toPng();
                        try {
                            Files.write(out.resolve(e.file()), png);
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                        progress.advance(1);
                    }
                    return null;
                }));
            }
            pool.shutdown();
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
                    progress.close();
                    spec.commandLine().getErr().println("openpalm synth: writing failed: " + cause.getMessage());
                    return 1;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        progress.close();

        List<String> lines = new ArrayList<>();
        lines.add("file,subject,hand,session,sample");
        for (int i = 0; i < identities; i++) {
            for (Entry e : entriesOf(i, samples)) lines.add(e.csv());
        }
        Files.write(out.resolve("manifest.csv"), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d images and manifest.csv to %s%n", total, out);
        return 0;
    }
}
