package org.openpalm.cli.evaluate;

import java.util.Arrays;

/**
 * The global unlinkability measure D&lt;-&gt;sys of Gomez-Barrero et al., "General Framework to
 * Evaluate Unlinkability in Biometric Template Protection Systems", IEEE TIFS 13(6), 2018.
 *
 * <p>Given the scores of mated pairs (one palm, two captures, stored by two deployments under
 * different keys) and non-mated pairs (two palms, two deployments), the local measure at score s
 * is {@code D(s) = 2 LR(s) / (1 + LR(s)) - 1} where {@code LR(s) = p(s | mated) / p(s | non-mated)}
 * exceeds 1, else 0 (prior ratio omega = 1). The global measure is {@code D_sys = integral of D(s)
 * p(s | mated) ds}: 0 when the two distributions coincide (fully unlinkable), 1 when they do not
 * overlap (fully linkable).
 *
 * <p>The densities are Gaussian kernel density estimates (Silverman's rule-of-thumb bandwidth,
 * floored at {@link UnlinkabilityConfig#minBandwidthScorePoints}) evaluated on an even grid over
 * the score range widened by four bandwidths; the integral is the Riemann sum on that grid. Kernel
 * estimates rather than the paper's histograms because they do not depend on the bin edges and,
 * with a few thousand pairs, a histogram's empty non-mated bins would read as LR = infinity.
 * Finite samples bias the estimate slightly upwards: two samples of one distribution give a small
 * positive D_sys, not 0.
 */
public final class Unlinkability {
    private Unlinkability() {}

    /** D_sys in [0, 1]; both arrays need at least two finite scores. */
    public static double globalDsys(double[] mated, double[] nonMated, UnlinkabilityConfig config) {
        double[] m = finite(mated, "mated");
        double[] n = finite(nonMated, "non-mated");
        double hm = bandwidth(m, config);
        double hn = bandwidth(n, config);
        double h = Math.max(hm, hn);
        double low = Math.min(m[0], n[0]) - 4 * h;
        double high = Math.max(m[m.length - 1], n[n.length - 1]) + 4 * h;
        int points = config.densityGridPoints();
        double step = (high - low) / (points - 1);
        double dsys = 0;
        for (int k = 0; k < points; k++) {
            double s = low + k * step;
            double pm = density(m, hm, s);
            double pn = density(n, hn, s);
            if (pm <= pn) continue; // LR <= 1 (also where both vanish): no evidence of linkage here
            double local = pn == 0 ? 1.0 : 2 * (pm / pn) / (1 + pm / pn) - 1;
            dsys += local * pm * step;
        }
        return Math.clamp(dsys, 0.0, 1.0);
    }

    private static double[] finite(double[] scores, String what) {
        double[] out = Arrays.stream(scores).filter(Double::isFinite).sorted().toArray();
        if (out.length < 2) throw new IllegalArgumentException("at least two finite " + what + " scores are needed");
        return out;
    }

    /** Silverman: 0.9 min(sd, IQR / 1.34) n^(-1/5). */
    private static double bandwidth(double[] sorted, UnlinkabilityConfig config) {
        int n = sorted.length;
        double mean = Arrays.stream(sorted).average().orElseThrow();
        double var = Arrays.stream(sorted).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        double iqr = sorted[(3 * n) / 4] - sorted[n / 4];
        double spread = iqr > 0 ? Math.min(Math.sqrt(var), iqr / 1.34) : Math.sqrt(var);
        return Math.max(config.minBandwidthScorePoints(), 0.9 * spread * Math.pow(n, -0.2));
    }

    /** Kernel density at s; only samples within 6 bandwidths contribute (the rest is below 1e-8). */
    private static double density(double[] sorted, double h, double s) {
        int from = lowerBound(sorted, s - 6 * h);
        double sum = 0;
        for (int i = from; i < sorted.length && sorted[i] <= s + 6 * h; i++) {
            double z = (s - sorted[i]) / h;
            sum += Math.exp(-0.5 * z * z);
        }
        return sum / (sorted.length * h * Math.sqrt(2 * Math.PI));
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
