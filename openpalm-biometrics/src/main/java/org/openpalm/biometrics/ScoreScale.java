package org.openpalm.biometrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Score to false-match rate (FMR), and the identification threshold that follows from a target
 * false-positive identification rate (FPIR). The one place where scores get a meaning.
 *
 * <p><b>Measurement.</b> Impostor pairs: every pair of different subjects within each real ROI
 * dataset (tongji-roi, polyu-ms-green-roi, polyu-ms-nir-roi; 30,960 pairs, templates by
 * {@link PalmTemplate#fromRoi}). Pairs across datasets are left out: the two PolyU bands show the
 * same palms. {@code ScoreScaleCalibrationTest} re-measures them and fails when the model below
 * no longer fits (after an engine change), printing the new constants.
 *
 * <p><b>Model</b> (after Daugman, "How iris recognition works", 2004): without the shift search
 * the impostor fractional Hamming distance is binomial with mean {@code p} (the measured mean)
 * and {@code dof} degrees of freedom (far fewer than the ~2,400 compared bits: neighbouring cells
 * are correlated). The matcher keeps the best of its shifts; those act as {@code shifts}
 * independent tries. {@code dof} and {@code shifts} are fitted to the measured tail: the model
 * passes through the measured best distances at FMR 1e-2 and 1e-3. (Daugman's moment fit, dof
 * from the standard deviation and shifts from the mean, gave dof 351 and 12.5 tries but
 * under-stated the measured FMR 2.7 times at 1e-2: the real tail is heavier.) Hence, for a
 * distance threshold {@code d}:
 * <pre>
 *   FMR(d) = 1 - (1 - B(d; dof, p))^shifts,   B = binomial CDF
 * </pre>
 * and a score {@code t} is the distance {@code d = (1 - t / 100) / 2}. The measured pairs check
 * the model down to FMR ~ 1e-4; below that it is an extrapolation (binomial tails are the usual
 * assumption, and lighter than the real tail if the codes have unmodelled structure, so keep a
 * margin).
 *
 * <p><b>Thresholds</b> (constants fitted on the engine as configured in EngineConfig.DEFAULT;
 * measured = share of the 30,960 impostor pairs at or above the threshold):
 * <table>
 *   <caption>Score thresholds</caption>
 *   <tr><th>target FMR</th><th>score threshold</th><th>measured FMR</th></tr>
 *   <tr><td>1e-2</td><td>21.3</td><td>1.1e-2</td></tr>
 *   <tr><td>1e-3</td><td>24.4</td><td>1.2e-3</td></tr>
 *   <tr><td>1e-4</td><td>27.4 ({@link #DEFAULT_THRESHOLD})</td><td>6.5e-5</td></tr>
 *   <tr><td>1e-5</td><td>29.9</td><td>beyond the data (model)</td></tr>
 *   <tr><td>1e-6</td><td>32.3</td><td>model</td></tr>
 * </table>
 * The genuine pairs of the same datasets score 27.7 at the lowest and 62.3 on average.
 * The score itself is {@code 100 (1 - 2 d)}, d the best fractional Hamming distance of the
 * searched alignments (see {@link PalmMatcher}).
 *
 * <p><b>Identification.</b> A probe from someone not enrolled is compared with N palms; it is
 * falsely matched if any of them reaches the threshold: FPIR = 1 - (1 - FMR)^N, ~ N x FMR for
 * small FMR. So the threshold is the score {@code t} with {@code FMR(t) = FPIR / N}
 * ({@link #thresholdForIdentification}).
 */
public final class ScoreScale {
    /** Thresholds already computed, by FMR (declared first: the constants below are computed with it). */
    private static final java.util.concurrent.ConcurrentHashMap<Double, Double> THRESHOLDS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED_THRESHOLDS = 4096;

    /** Fitted on the datasets above: unshifted impostor mean, degrees of freedom and effective shifts of the tail fit. */
    static final Model MODEL = new Model(0.4910, 328, 65.4);

    /** The 1:1 verification threshold: the score whose false-match rate is 1e-4. */
    public static final double DEFAULT_THRESHOLD = thresholdForFalseMatchRate(1e-4);

    private ScoreScale() {}

    /** The impostor distance model; see the class comment. */
    record Model(double p, double dof, double shifts) {
        /** Probability that an impostor comparison's best distance is at most {@code distance}. */
        double fmrAtDistance(double distance) {
            double b = binomialCdf(distance, dof, p);
            // 1 - (1 - b)^shifts without cancellation for tiny b
            return -Math.expm1(shifts * Math.log1p(-Math.min(b, 1 - 1e-16)));
        }

        /** Mean of the best distance: sum over k of P(D > k / n) / n on the binomial lattice. */
        double meanBestDistance() {
            int n = (int) Math.round(dof);
            double mean = 0;
            for (int k = 0; k < n; k++) mean += (1 - fmrAtDistance((double) k / n)) / n;
            return mean;
        }

        /**
         * Fits p from the unshifted mean, then dof and shifts so that the model passes through the
         * measured shift-searched distances at FMR 1e-2 and 1e-3: the tail is what thresholds use,
         * and a fit to the mean and spread instead (Daugman's moments) under-states the real tail
         * by a factor 2 to 3 at 1e-2.
         */
        static Model fit(double[] unshifted, double[] shifted) {
            double p = mean(unshifted);
            double[] sorted = shifted.clone();
            java.util.Arrays.sort(sorted);
            double d1 = sorted[(int) (1e-2 * sorted.length)];
            double d2 = sorted[(int) (1e-3 * sorted.length)];
            Model best = null;
            double bestError = Double.POSITIVE_INFINITY;
            for (int dof = 50; dof <= 1000; dof += 2) {
                double lo = 1;
                double hi = 1e5;
                for (int i = 0; i < 60; i++) {
                    double mid = Math.sqrt(lo * hi);
                    if (new Model(p, dof, mid).fmrAtDistance(d1) < 1e-2) lo = mid; else hi = mid;
                }
                Model m = new Model(p, dof, Math.sqrt(lo * hi));
                double error = Math.abs(Math.log(m.fmrAtDistance(d2) / 1e-3));
                if (error < bestError) {
                    bestError = error;
                    best = m;
                }
            }
            return best;
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double d : v) s += d;
            return s / v.length;
        }
    }

    /** One row of {@link #table()}. */
    public record Row(double fmr, double thresholdScore) {}

    /** The false-match rate of one comparison at this score threshold: P(impostor score >= score). */
    public static double falseMatchRate(double score) {
        if (!(score >= 0 && score <= 100)) throw new IllegalArgumentException("score must be in 0..100: " + score);
        return MODEL.fmrAtDistance((1 - score / 100) / 2);
    }

    /** The lowest score threshold whose FMR is at most {@code fmr}. */
    public static double thresholdForFalseMatchRate(double fmr) {
        if (!(fmr > 0 && fmr < 1)) throw new IllegalArgumentException("fmr must be in (0,1): " + fmr);
        // Every identification asks for the threshold of its gallery size: the bisection below
        // costs ~0.3 ms, so the few distinct answers (one per gallery size seen) are remembered.
        Double known = THRESHOLDS.get(fmr);
        if (known != null) return known;
        double threshold = bisectThreshold(fmr);
        if (THRESHOLDS.size() >= MAX_REMEMBERED_THRESHOLDS) THRESHOLDS.clear();
        THRESHOLDS.put(fmr, threshold);
        return threshold;
    }

    private static double bisectThreshold(double fmr) {
        double lo = 0;
        double hi = 100;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (falseMatchRate(mid) <= fmr) hi = mid; else lo = mid;
        }
        return hi;
    }

    /**
     * The identification threshold for a target FPIR over a gallery of {@code galleryPalms}:
     * {@code thresholdForFalseMatchRate(fpir / galleryPalms)} (FPIR ~ N x FMR).
     */
    public static double thresholdForIdentification(double targetFpir, long galleryPalms) {
        if (!(targetFpir > 0 && targetFpir < 1)) throw new IllegalArgumentException("targetFpir must be in (0,1)");
        return thresholdForFalseMatchRate(targetFpir / Math.max(1, galleryPalms));
    }

    /** Thresholds for FMR 1e-1 down to 1e-12, one row per decade. */
    public static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        for (int e = 1; e <= 12; e++) {
            double fmr = Math.pow(10, -e);
            rows.add(new Row(fmr, thresholdForFalseMatchRate(fmr)));
        }
        return rows;
    }

    /**
     * P(X / n <= x) for X ~ Binomial(n, p), n = round(dof): summed in log space from the mode
     * downwards so that tails of 1e-15 stay exact.
     */
    static double binomialCdf(double x, double dof, double p) {
        int n = (int) Math.round(dof);
        int kMax = (int) Math.floor(x * n + 1e-9);
        if (kMax < 0) return 0;
        if (kMax >= n) return 1;
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double sum = 0;
        for (int k = kMax; k >= 0; k--) {
            double term = Math.exp(logChoose(n, k) + k * logP + (n - k) * logQ);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        if (n < 2) return 0;
        if (n < 32) {
            double s = 0;
            for (int i = 2; i <= n; i++) s += Math.log(i);
            return s;
        }
        // Stirling series; error below 1e-12 for n >= 32
        double x = n;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
