package org.openpalm.biometrics;

/**
 * What a {@link PalmMatcher} score means: the false-match rate (FMR) expected at a score
 * threshold, and the threshold for a target FMR.
 *
 * <p>Score = 100 (1 - 2 d), where d is the fractional Hamming distance of the orientation codes
 * at the best of the searched alignments. The mapping follows Daugman's model for iris codes
 * ("How iris recognition works", IEEE TCSVT 2004, sec. 5): at a single alignment the impostor
 * distance is binomial with {@value #IMPOSTOR_DEGREES_OF_FREEDOM} degrees of freedom and mean
 * {@value #IMPOSTOR_MEAN_DISTANCE}; taking the best of the alignment search behaves like the
 * minimum of {@value #EFFECTIVE_INDEPENDENT_ALIGNMENTS} independent draws, so
 * <pre>
 *   FMR(d) = 1 - (1 - B(d N; N, p))^k,   N = 449, p = 0.4928, k = 45
 * </pre>
 * with B the binomial distribution function (continuous in its argument via the regularised
 * incomplete beta function).
 *
 * <p>Fitted on the 30,960 impostor pairs of tongji-roi, polyu-ms-green-roi and polyu-ms-nir-roi
 * (N and p from the unshifted distances; k from the searched distances). Measured against those
 * pairs (the model is conservative at high FMR, and exact enough where it matters):
 *
 * <table>
 *   <caption>Thresholds</caption>
 *   <tr><th>target FMR</th><th>score threshold</th><th>measured FMR at it</th></tr>
 *   <tr><td>1e-2</td><td>18.2</td><td>8.5e-3</td></tr>
 *   <tr><td>1e-3</td><td>20.9</td><td>1.1e-3</td></tr>
 *   <tr><td>1e-4</td><td>23.2</td><td>6.5e-5</td></tr>
 *   <tr><td>1e-5</td><td>25.4</td><td>(beyond the data: model)</td></tr>
 *   <tr><td>1e-6</td><td>27.3</td><td>(model)</td></tr>
 * </table>
 * The genuine pairs of the same sets score 23.6 at the lowest, 57.8 on average.
 * Use {@link #thresholdForFalseMatchRate(double)} rather than these rounded figures.
 * {@link #DEFAULT_THRESHOLD} (FMR 1e-4) is the 1:1 verification threshold; for 1:N search the
 * false-positive identification rate grows with the gallery size N as FPIR ~ N x FMR, so the
 * index asks for FMR = FPIR / N.
 */
public final class ScoreScale {
    /** Binomial degrees of freedom of the unshifted impostor distance, N = p (1 - p) / variance. */
    public static final int IMPOSTOR_DEGREES_OF_FREEDOM = 449;
    /** Mean unshifted impostor distance. */
    public static final double IMPOSTOR_MEAN_DISTANCE = 0.4928;
    /** Number of independent draws the alignment search is equivalent to. */
    public static final int EFFECTIVE_INDEPENDENT_ALIGNMENTS = 45;
    /** Score threshold for a false-match rate of 1e-4. */
    public static final double DEFAULT_THRESHOLD = thresholdForFalseMatchRate(1e-4);

    private ScoreScale() {}

    /** Expected false-match rate of accepting every score at or above {@code score}. */
    public static double falseMatchRate(double score) {
        if (score <= 0) return 1.0;
        if (score >= 100) return 0.0;
        double distance = (1 - score / 100.0) / 2.0;
        double single = binomialCdf(distance * IMPOSTOR_DEGREES_OF_FREEDOM,
                IMPOSTOR_DEGREES_OF_FREEDOM, IMPOSTOR_MEAN_DISTANCE);
        // 1 - (1 - single)^k without cancellation for tiny single
        return -Math.expm1(EFFECTIVE_INDEPENDENT_ALIGNMENTS * Math.log1p(-single));
    }

    /** The lowest score whose expected false-match rate is at most {@code falseMatchRate}. */
    public static double thresholdForFalseMatchRate(double falseMatchRate) {
        if (!(falseMatchRate > 0 && falseMatchRate < 1)) {
            throw new IllegalArgumentException("false-match rate must be in (0, 1): " + falseMatchRate);
        }
        double low = 0;
        double high = 100;
        for (int i = 0; i < 60; i++) { // FMR falls as the score rises: bisect
            double mid = (low + high) / 2;
            if (falseMatchRate(mid) > falseMatchRate) low = mid;
            else high = mid;
        }
        return high;
    }

    /** P(X <= x) for X ~ Binomial(n, p), continuous in x: I_{1-p}(n - x, x + 1). */
    static double binomialCdf(double x, int n, double p) {
        if (x < 0) return 0;
        if (x >= n) return 1;
        return regularizedIncompleteBeta(1 - p, n - x, x + 1);
    }

    /** I_z(a, b) by Lentz's continued fraction (Numerical Recipes, 3rd ed., sec. 6.4). */
    static double regularizedIncompleteBeta(double z, double a, double b) {
        if (z <= 0) return 0;
        if (z >= 1) return 1;
        double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(z) + b * Math.log1p(-z);
        if (z < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaContinuedFraction(z, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaContinuedFraction(1 - z, b, a) / b;
    }

    private static double betaContinuedFraction(double z, double a, double b) {
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * z / (a + 1);
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * z / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * z / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) break;
        }
        return h;
    }

    /** Lanczos approximation (g = 7, n = 9), relative error below 1e-13 for positive arguments. */
    static double logGamma(double x) {
        final double[] g = {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) sum += g[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
