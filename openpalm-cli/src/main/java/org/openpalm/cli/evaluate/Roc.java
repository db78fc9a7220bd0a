package org.openpalm.cli.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Error rates of a verification system from its genuine and impostor score distributions.
 * A comparison matches when {@code score >= threshold}. Failed comparisons (a failure to
 * acquire) are passed in as {@code -Infinity}: below every threshold, so a non-match always.
 *
 * <p>Counts are kept as integers so the convex hull is computed exactly, without the
 * floating-point collinearity errors that would otherwise leave spurious hull vertices.
 */
public final class Roc {
    private final int genuineCount;
    private final int impostorCount;
    /** Operating points by ascending threshold: FMR falls from 1 to 0, FNMR rises from 0 to 1. */
    private final double[] thresholds;
    private final long[] impostorsAccepted;
    private final long[] genuinesRejected;

    private Roc(int genuineCount, int impostorCount, double[] thresholds, long[] impostorsAccepted,
            long[] genuinesRejected) {
        this.genuineCount = genuineCount;
        this.impostorCount = impostorCount;
        this.thresholds = thresholds;
        this.impostorsAccepted = impostorsAccepted;
        this.genuinesRejected = genuinesRejected;
    }

    /**
     * Builds the curve. Both arrays must be non-empty; scores may be any double except NaN and
     * {@code +Infinity} ({@code +Infinity} is reserved as the reject-everything threshold).
     */
    public static Roc of(double[] genuine, double[] impostor) {
        if (genuine.length == 0) throw new IllegalArgumentException("no genuine scores");
        if (impostor.length == 0) throw new IllegalArgumentException("no impostor scores");
        double[] g = sortedChecked(genuine, "genuine");
        double[] im = sortedChecked(impostor, "impostor");
        int capacity = g.length + im.length + 1;
        double[] t = new double[capacity];
        long[] accepted = new long[capacity];
        long[] rejected = new long[capacity];
        int n = 0;
        int gi = 0; // genuine scores below the current threshold
        int ii = 0; // impostor scores below the current threshold
        while (gi < g.length || ii < im.length) {
            double next = Math.min(gi < g.length ? g[gi] : Double.POSITIVE_INFINITY,
                    ii < im.length ? im[ii] : Double.POSITIVE_INFINITY);
            t[n] = next;
            accepted[n] = im.length - ii;
            rejected[n] = gi;
            n++;
            while (gi < g.length && g[gi] == next) gi++;
            while (ii < im.length && im[ii] == next) ii++;
        }
        t[n] = Double.POSITIVE_INFINITY;
        accepted[n] = 0;
        rejected[n] = g.length;
        n++;
        return new Roc(g.length, im.length, Arrays.copyOf(t, n), Arrays.copyOf(accepted, n),
                Arrays.copyOf(rejected, n));
    }

    private static double[] sortedChecked(double[] scores, String what) {
        double[] sorted = scores.clone();
        for (double s : sorted) {
            if (Double.isNaN(s) || s == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(what + " score must be a number below +Infinity: " + s);
            }
        }
        Arrays.sort(sorted);
        return sorted;
    }

    public int genuineCount() {
        return genuineCount;
    }

    public int impostorCount() {
        return impostorCount;
    }

    /** Every distinct operating point, by ascending threshold (the DET curve's steps). */
    public List<OperatingPoint> points() {
        List<OperatingPoint> out = new ArrayList<>(thresholds.length);
        for (int k = 0; k < thresholds.length; k++) out.add(point(k));
        return List.copyOf(out);
    }

    private OperatingPoint point(int k) {
        return new OperatingPoint(thresholds[k], (double) impostorsAccepted[k] / impostorCount,
                (double) genuinesRejected[k] / genuineCount);
    }

    /**
     * FNMR at the smallest threshold whose FMR is at most {@code targetFmr}. Always defined: the
     * reject-everything threshold has FMR 0.
     */
    public OperatingPoint atFmr(double targetFmr) {
        if (!(targetFmr >= 0 && targetFmr <= 1)) throw new IllegalArgumentException("target FMR in [0,1]: " + targetFmr);
        for (int k = 0; k < thresholds.length; k++) {
            if ((double) impostorsAccepted[k] / impostorCount <= targetFmr) return point(k);
        }
        throw new AssertionError("the last threshold accepts no impostor");
    }

    /**
     * Equal error rate by the ROC convex hull (ROCCH-EER, as in the BOSARIS toolkit): the point
     * where the lower convex hull of the (FMR, FNMR) points crosses FMR = FNMR. Every hull point
     * is reachable by mixing two thresholds, and the hull always contains (0,1) and (1,0), so the
     * value is at most 0.5 and does not depend on how finely the step curve happens to be sampled
     * near the crossing.
     */
    public Eer eer() {
        // Hull in scaled integer coordinates X = impostors accepted, Y = genuines rejected: the
        // axis scaling is affine, so it preserves convexity. For each X only the lowest Y can be
        // on the lower hull; with ascending threshold X falls, so walk backwards for ascending X.
        int[] hull = new int[thresholds.length];
        int h = 0;
        for (int k = thresholds.length - 1; k >= 0; k--) {
            if (h > 0 && impostorsAccepted[hull[h - 1]] == impostorsAccepted[k]) {
                // Same X, and a lower threshold never rejects more genuines: keep the lower Y.
                if (genuinesRejected[k] <= genuinesRejected[hull[h - 1]]) {
                    h--;
                } else {
                    continue;
                }
            }
            while (h >= 2 && cross(hull[h - 2], hull[h - 1], k) <= 0) h--;
            hull[h++] = k;
        }
        // Along the hull FMR rises and FNMR falls, so FNMR - FMR falls strictly: one crossing.
        double prevD = Double.NaN;
        for (int v = 0; v < h; v++) {
            OperatingPoint p = point(hull[v]);
            double d = p.fnmr() - p.fmr();
            if (d <= 0) {
                if (v == 0 || d == 0) return new Eer(p.fmr(), p.threshold());
                OperatingPoint q = point(hull[v - 1]);
                double a = prevD / (prevD - d);
                double rate = q.fmr() + a * (p.fmr() - q.fmr());
                return new Eer(rate, interpolate(q.threshold(), p.threshold(), a));
            }
            prevD = d;
        }
        throw new AssertionError("the hull ends at FNMR 0, so it crosses FMR = FNMR");
    }

    /** z-component of (b - o) x (c - o); positive when o, b, c turn counter-clockwise. */
    private long cross(int o, int b, int c) {
        long bx = impostorsAccepted[b] - impostorsAccepted[o];
        long by = genuinesRejected[b] - genuinesRejected[o];
        long cx = impostorsAccepted[c] - impostorsAccepted[o];
        long cy = genuinesRejected[c] - genuinesRejected[o];
        // Rates are these counts divided by positive constants, which keeps the turn's sign.
        return bx * cy - by * cx;
    }

    private static double interpolate(double from, double to, double a) {
        boolean fromFinite = Double.isFinite(from);
        boolean toFinite = Double.isFinite(to);
        if (fromFinite && toFinite) return from + a * (to - from);
        if (fromFinite) return from;
        if (toFinite) return to;
        return Double.NaN;
    }
}
