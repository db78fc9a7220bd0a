package org.openpalm.cli.evaluate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ProtectedPalmMatcher;
import org.openpalm.biometrics.ProtectedTemplate;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.cli.ProgressBar;

/**
 * The measurements behind {@code openpalm privacy evaluate}, on the templates and plain scores of
 * an {@link Evaluator} run:
 * <ul>
 *   <li>EER protected: every template protected under one fresh random key; each pair scored by a
 *       {@link ProtectedPalmMatcher} (the probe's aligned copies protected) against the protected
 *       gallery template: the protected code path, not the plain scores again;</li>
 *   <li>unlinkability: two fresh keys stand for two deployments; every pair (i, j), i &lt; j, is
 *       compared as someone holding both databases would, template i under key A against template
 *       j under key B ({@link ProtectedTemplate#crossMatchScores}); same palm = mated, else
 *       non-mated; {@link Unlinkability#globalDsys} of the two score sets, pooled over
 *       {@link UnlinkabilityConfig#deploymentKeyPairs} such pairs of keys.</li>
 * </ul>
 */
public final class PrivacyEvaluation {
    private final EvaluationConfig config;
    private final UnlinkabilityConfig unlinkability;
    private final PrintWriter progress;

    public PrivacyEvaluation(EvaluationConfig config, UnlinkabilityConfig unlinkability, PrintWriter progress) {
        this.config = config;
        this.unlinkability = unlinkability;
        this.progress = progress;
    }

    public PrivacyReport evaluate(EvaluationRun run) throws InterruptedException {
        List<ManifestEntry> entries = run.manifest().entries();
        int n = entries.size();
        PalmTemplate[] plain = new PalmTemplate[n];
        int failures = 0;
        for (int i = 0; i < n; i++) {
            switch (run.acquisitions().get(i)) {
                case Extraction.Acquired a -> plain[i] = a.template();
                case Extraction.Failed f -> failures++;
            }
        }
        double eerPlain = EvaluationReport.of(run).eer().rate();

        TemplateProtectionKey gallery = TemplateProtectionKey.generate();
        ProtectedTemplate[] protectedGallery = protectAll(plain, gallery);
        int keyPairs = unlinkability.deploymentKeyPairs();

        double[][] protectedRows = new double[n][];
        double[][][] crossRows = new double[keyPairs][n][];
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "privacy-worker");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = new ProgressBar(progress, "protected and cross-key pairs", PairScores.pairCount(n) * (1 + keyPairs),
                config.progressRedrawMillis())) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                int row = i;
                tasks.add(pool.submit(() -> {
                    protectedRows[row] = protectedRow(plain, protectedGallery, gallery, row);
                    bar.advance(n - row - 1);
                }));
            }
            for (int k = 0; k < keyPairs; k++) {
                // Two deployments: each protects every template under its own fresh key.
                ProtectedTemplate[] underA = protectAll(plain, TemplateProtectionKey.generate());
                ProtectedTemplate[] underB = protectAll(plain, TemplateProtectionKey.generate());
                double[][] rows = crossRows[k];
                for (int i = 0; i < n - 1; i++) {
                    int row = i;
                    tasks.add(pool.submit(() -> {
                        rows[row] = crossRow(underA, underB, row);
                        bar.advance(n - row - 1);
                    }));
                }
            }
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("privacy evaluation task failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        List<Double> mated = new ArrayList<>();
        List<Double> nonMated = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean samePalm = entries.get(i).subject().equals(entries.get(j).subject());
                (samePalm ? genuine : impostor).add(protectedRows[i][j - i - 1]);
                for (double[][] rows : crossRows) {
                    double cross = rows[i][j - i - 1];
                    if (Double.isFinite(cross)) (samePalm ? mated : nonMated).add(cross);
                }
            }
        }
        double eerProtected = Roc.of(toArray(genuine), toArray(impostor)).eer().rate();
        double dSys = Unlinkability.globalDsys(toArray(mated), toArray(nonMated), unlinkability);
        return new PrivacyReport(run.manifest().name(), n, (int) run.manifest().subjectCount(), failures, eerPlain,
                eerProtected, dSys, keyPairs, mated.size() / keyPairs, nonMated.size() / keyPairs, mean(mated), mean(nonMated));
    }

    private static ProtectedTemplate[] protectAll(PalmTemplate[] plain, TemplateProtectionKey key) {
        return Arrays.stream(plain).map(t -> t == null ? null : key.protect(t)).toArray(ProtectedTemplate[]::new);
    }

    /** Scores of pairs (row, j > row) through the protected path; a failure to acquire fails its pairs. */
    private static double[] protectedRow(PalmTemplate[] plain, ProtectedTemplate[] gallery, TemplateProtectionKey key, int row) {
        int n = plain.length;
        double[] out = new double[n - row - 1];
        if (plain[row] == null) {
            Arrays.fill(out, PairScores.FAILED);
            return out;
        }
        ProtectedPalmMatcher matcher = new ProtectedPalmMatcher(plain[row], key);
        for (int j = row + 1; j < n; j++) out[j - row - 1] = gallery[j] == null ? PairScores.FAILED : matcher.match(gallery[j]);
        return out;
    }

    /** Template {@code row} under key A against each later template under key B; NaN where one is missing. */
    private static double[] crossRow(ProtectedTemplate[] underA, ProtectedTemplate[] underB, int row) {
        int n = underA.length;
        double[] out = new double[n - row - 1];
        Arrays.fill(out, Double.NaN);
        if (underA[row] == null) return out;
        List<ProtectedTemplate> others = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int j = row + 1; j < n; j++) {
            if (underB[j] == null) continue;
            others.add(underB[j]);
            at.add(j - row - 1);
        }
        double[] scores = ProtectedTemplate.crossMatchScores(underA[row], others);
        for (int k = 0; k < scores.length; k++) out[at.get(k)] = scores[k];
        return out;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
