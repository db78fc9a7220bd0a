package org.openpalm.cli.evaluate;

import org.openpalm.cli.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ReplayConfig;
import org.openpalm.biometrics.ReplayGuard;
import org.openpalm.biometrics.ReplayVerdict;

/**
 * Runs a {@link TemplateMaker} over every image of a dataset and the matcher over every pair,
 * in parallel, with a progress bar per stage.
 */
public final class Evaluator {
    private final TemplateMaker maker;
    private final EvaluationConfig config;
    private final PrintWriter progress;

    public Evaluator(TemplateMaker maker, EvaluationConfig config, PrintWriter progress) {
        this.maker = maker;
        this.config = config;
        this.progress = progress;
    }

    public EvaluationRun run(Manifest manifest) throws InterruptedException {
        int n = manifest.size();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "evaluate-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            Extraction[] acquisitions = new Extraction[n];
            double[] extractMillis = new double[n];
            Arrays.fill(extractMillis, Double.NaN);
            try (ProgressBar bar = new ProgressBar(progress, "templates", n, config.progressRedrawMillis())) {
                List<Future<?>> tasks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int index = i;
                    tasks.add(pool.submit(() -> {
                        acquire(manifest, index, acquisitions, extractMillis);
                        bar.advance(1);
                    }));
                }
                awaitAll(tasks);
            }
            PalmTemplate[] templates = new PalmTemplate[n];
            for (int i = 0; i < n; i++) {
                templates[i] = switch (acquisitions[i]) {
                    case Extraction.Acquired a -> a.template();
                    case Extraction.Failed f -> null; // a gap, scored FAILED below
                };
            }
            PairScores scores = score(pool, templates);
            List<Double> extractTimes = Arrays.stream(extractMillis).filter(Double::isFinite).boxed().toList();
            return new EvaluationRun(manifest, List.of(acquisitions), scores, extractTimes, timeMatching(templates),
                    findReplays(manifest, templates), SystemScores.of(manifest.entries(), templates));
        } finally {
            pool.shutdownNow();
        }
    }

    private void acquire(Manifest manifest, int index, Extraction[] out, double[] extractMillis) {
        Path file = manifest.folder().resolve(manifest.entries().get(index).file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            out[index] = new Extraction.Failed("missing_file", file + " does not exist");
            return;
        } catch (IOException e) {
            out[index] = new Extraction.Failed("unreadable_file", file + ": " + e.getMessage());
            return;
        }
        long start = System.nanoTime();
        Extraction result = maker.acquire(bytes);
        long nanos = System.nanoTime() - start;
        out[index] = result;
        if (result instanceof Extraction.Acquired) extractMillis[index] = nanos / 1e6;
    }

    /**
     * The dataset's captures through one {@link ReplayGuard}, in manifest order as a reader would
     * have sent them, the guard remembering all of them. Sequential (the verdict depends on what
     * came before) and cheap: one comparison per earlier capture. The bytes are read again rather
     * than kept from the template stage, so memory stays that of one image.
     */
    private static List<ReplayFound> findReplays(Manifest manifest, PalmTemplate[] templates) {
        ReplayGuard guard = new ReplayGuard(ReplayConfig.DEFAULT.withWindowCaptures(Math.max(1, templates.length)));
        List<Integer> checked = new ArrayList<>();
        List<ReplayFound> found = new ArrayList<>();
        for (int i = 0; i < templates.length; i++) {
            if (templates[i] == null) continue; // a failure to acquire has no template to compare
            String file = manifest.entries().get(i).file();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(manifest.folder().resolve(file));
            } catch (IOException e) {
                continue; // it was read moments ago; if it vanished since, it cannot be judged
            }
            checked.add(i);
            switch (guard.check(bytes, templates[i])) {
                case ReplayVerdict.Fresh fresh -> { }
                case ReplayVerdict.Replay replay -> found.add(new ReplayFound(file,
                        manifest.entries().get(checked.get((int) replay.earlierCaptureId())).file(),
                        replay.reason().name().toLowerCase(Locale.ROOT), replay.score()));
            }
        }
        return found;
    }

    /** Rows of the upper triangle as tasks: row i compares image i with every later image. */
    private PairScores score(ExecutorService pool, PalmTemplate[] templates) throws InterruptedException {
        int n = templates.length;
        double[] scores = new double[PairScores.pairCount(n)];
        try (ProgressBar bar = new ProgressBar(progress, "pairs", scores.length, config.progressRedrawMillis())) {
            List<Future<?>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n - 1; i++) {
                int row = i;
                tasks.add(pool.submit(() -> {
                    int base = PairScores.index(n, row, row + 1);
                    if (templates[row] == null) {
                        Arrays.fill(scores, base, base + n - row - 1, PairScores.FAILED);
                    } else {
                        PalmMatcher matcher = new PalmMatcher(templates[row]);
                        for (int j = row + 1; j < n; j++) {
                            scores[base + j - row - 1] =
                                    templates[j] == null ? PairScores.FAILED : matcher.match(templates[j]);
                        }
                    }
                    bar.advance(n - row - 1);
                }));
            }
            awaitAll(tasks);
        }
        return new PairScores(n, scores);
    }

    /**
     * Comparison time, on one thread after scoring (so the code is compiled and no other
     * evaluation thread competes): batches of comparisons, each timed as a whole because one
     * comparison is too short for the clock.
     */
    private List<Double> timeMatching(PalmTemplate[] all) {
        PalmTemplate[] templates = Arrays.stream(all).filter(t -> t != null).toArray(PalmTemplate[]::new);
        if (templates.length < 2) return List.of();
        List<Double> micros = new ArrayList<>(config.matchTimingBatches());
        double sink = 0;
        int next = 0;
        for (int b = 0; b < config.matchTimingBatches(); b++) {
            PalmMatcher matcher = new PalmMatcher(templates[b % templates.length]);
            int count = config.matchTimingComparisonsPerBatch();
            long start = System.nanoTime();
            for (int c = 0; c < count; c++) {
                sink += matcher.match(templates[next]);
                next = next + 1 == templates.length ? 0 : next + 1;
            }
            long nanos = System.nanoTime() - start;
            micros.add(nanos / 1e3 / count);
        }
        // Keeps the compiler from discarding the timed comparisons as unused.
        if (sink == Double.MIN_VALUE) progress.print("");
        return micros;
    }

    private static void awaitAll(List<Future<?>> tasks) throws InterruptedException {
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("evaluation task failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
