package org.openpalm.biometrics.engine.hand;

import java.util.ArrayList;
import java.util.List;

/**
 * Finger valleys from the hand contour. The contour's distance to the palm centre is a profile
 * whose prominent maxima are fingertips and whose minima between two fingertips are finger
 * valleys (the radial-profile method, e.g. Kong, Zhang and Kamel, "A survey of palmprint
 * recognition", Pattern Recognition 2009). The valleys of the four fingers are the consecutive
 * triple that is evenly spaced at the expected spacing and fans out evenly (a triple reaching
 * the thumb has one outer angular gap much wider than the others); the thumb valley next to
 * the triple marks the index side, and otherwise the longer outer finger does. The two outer valleys are finally replaced by the
 * points where one line touches both valley cups from the palm side, the tangent construction
 * of Zhang et al. (PolyU, IEEE TPAMI 2003) used by the Tongji contactless pipeline (Zhang et al.,
 * Pattern Recognition 2017): a tangent depends on the whole cup, not on one noisy pixel.
 * All coordinates here are working-image pixels.
 */
final class ValleyFinder {
    private ValleyFinder() {}

    /** What the search found. */
    sealed interface Search permits Found, NotFound {}

    /**
     * @param indexMiddle tangent point on the index-middle valley
     * @param ringLittle  tangent point on the ring-little valley
     * @param thumbRight  true when the index valley lies to the right of the ring valley with the fingers up
     * @param tips        contour indices of the fingertips found
     * @param valleys     contour indices of all finger valleys found
     */
    record Found(double[] indexMiddle, double[] middleRing, double[] ringLittle, boolean thumbRight, int[] tips,
                 int[] valleys) implements Search {}

    /** @param fingertips how many fingertips were seen, @param why for the log */
    record NotFound(int fingertips, String why) implements Search {}

    private record Valley(int index, int leftTip, int rightTip) {}

    static Search find(ContourTracer.Contour contour, double cx, double cy, double palmRadius,
                       int w, int h, CaptureConfig config) {
        int n = contour.size();
        if (n < 16) return new NotFound(0, "contour too short");
        int[] xs = contour.x();
        int[] ys = contour.y();
        double[] raw = new double[n];
        boolean[] border = new boolean[n];
        for (int i = 0; i < n; i++) {
            raw[i] = Math.hypot(xs[i] - cx, ys[i] - cy);
            border[i] = xs[i] == 0 || ys[i] == 0 || xs[i] == w - 1 || ys[i] == h - 1;
        }
        // A finger crossing the frame edge leaves a short run of edge pixels and is still a finger;
        // only a run wider than a finger (the wrist or forearm) separates fingertips.
        markWideRuns(border, config.maxFingerWidthPalmRadii() * palmRadius);
        int k = config.profileSmoothingWorkingPixels();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = -k; j <= k; j++) s += raw[Math.floorMod(i + j, n)];
            r[i] = s / (2 * k + 1);
        }
        int start = 0;
        for (int i = 1; i < n; i++) if (r[i] < r[start]) start = i;

        // Alternating extrema with hysteresis delta ("peakdet"), walking once around from the global minimum.
        double delta = config.fingerProminenceFraction() * palmRadius;
        List<Integer> maxima = new ArrayList<>();
        List<Integer> minima = new ArrayList<>();
        minima.add(start);
        double mx = Double.NEGATIVE_INFINITY;
        double mn = Double.POSITIVE_INFINITY;
        int mxi = start;
        int mni = start;
        boolean lookForMax = true;
        for (int step = 0; step <= n; step++) {
            int i = (start + step) % n;
            double v = r[i];
            if (v > mx) { mx = v; mxi = i; }
            if (v < mn) { mn = v; mni = i; }
            if (lookForMax) {
                if (v < mx - delta) {
                    maxima.add(mxi);
                    mn = v;
                    mni = i;
                    lookForMax = false;
                }
            } else if (v > mn + delta) {
                minima.add(mni);
                mx = v;
                mxi = i;
                lookForMax = true;
            }
        }
        // minima.get(j) precedes maxima.get(j); the valley after maxima.get(j) is minima.get(j+1), or the start.
        int m = maxima.size();
        boolean[] isTip = new boolean[m];
        int tipCount = 0;
        for (int j = 0; j < m; j++) {
            int t = maxima.get(j);
            isTip[j] = !nearBorder(border, t, 2 * k + 1) && r[t] > config.minTipPalmRadii() * palmRadius;
            if (isTip[j]) tipCount++;
        }
        List<Valley> valleys = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            int jn = (j + 1) % m;
            if (m < 2 || !isTip[j] || !isTip[jn]) continue;
            int a = maxima.get(j);
            int b = maxima.get(jn);
            if (borderBetween(border, a, b, n)) continue;
            int v = argMinBetween(r, a, b, n);
            valleys.add(new Valley(v, a, b));
        }
        int[] tipIdx = new int[tipCount];
        for (int j = 0, t = 0; j < m; j++) if (isTip[j]) tipIdx[t++] = maxima.get(j);
        int[] valleyIdx = valleys.stream().mapToInt(Valley::index).toArray();
        if (valleys.size() < 3) {
            return new NotFound(tipCount, valleys.size() + " finger valleys found, 3 needed");
        }

        // Most evenly spaced triple of consecutive valleys (sharing fingertips): index-middle, middle-ring, ring-little.
        int vs = valleys.size();
        double bestCost = Double.POSITIVE_INFINITY;
        int best = -1;
        for (int j = 0; j < vs; j++) {
            Valley a = valleys.get(j);
            Valley b = valleys.get((j + 1) % vs);
            Valley c = valleys.get((j + 2) % vs);
            if (a.rightTip != b.leftTip || b.rightTip != c.leftTip) continue;
            // Four fingers fan out evenly; when an outer angular gap (seen from the palm centre)
            // dwarfs the middle one, the triple includes the thumb.
            double spread = Math.max(angleBetween(xs, ys, a.leftTip, a.rightTip, cx, cy),
                    angleBetween(xs, ys, c.leftTip, c.rightTip, cx, cy))
                    / Math.max(angleBetween(xs, ys, b.leftTip, b.rightTip, cx, cy), 1e-6);
            if (spread > config.thumbGapRatio()) continue;
            double s1 = dist(xs, ys, a.index, b.index);
            double s2 = dist(xs, ys, b.index, c.index);
            double expected = 2 * config.valleySpacingPalmRadii() * palmRadius;
            double cost = Math.abs(s1 - s2) / (s1 + s2) + Math.abs(s1 + s2 - expected) / expected;
            if (cost < bestCost) {
                bestCost = cost;
                best = j;
            }
        }
        if (best < 0) return new NotFound(tipCount, "no three neighbouring, evenly fanned finger valleys");
        Valley a = valleys.get(best);
        Valley c = valleys.get((best + 2) % vs);
        Valley mr = valleys.get((best + 1) % vs);
        boolean thumbBeforeA = vs > 3 && valleys.get(Math.floorMod(best - 1, vs)).rightTip == a.leftTip;
        boolean thumbAfterC = vs > 3 && valleys.get((best + 3) % vs).leftTip == c.rightTip;
        boolean indexAtA;
        if (thumbBeforeA != thumbAfterC) {
            indexAtA = thumbBeforeA;
        } else {
            // No single thumb valley: the index finger is longer than the little finger.
            double outerA = dist(xs, ys, a.leftTip, a.index);
            double outerC = dist(xs, ys, c.rightTip, c.index);
            indexAtA = outerA > outerC;
        }
        Valley im = indexAtA ? a : c;
        Valley rl = indexAtA ? c : a;
        return finish(xs, ys, r, im, mr, rl, cx, cy, palmRadius, config, tipIdx, valleyIdx);
    }

    private static Found finish(int[] xs, int[] ys, double[] r, Valley im, Valley mr, Valley rl, double cx, double cy,
                                double palmRadius, CaptureConfig config, int[] tipIdx, int[] valleyIdx) {
        double[][] tangent = tangent(xs, ys, r, im, rl, cx, cy, config.valleyCupFraction() * palmRadius);
        double[] p1 = tangent[0];
        double[] p2 = tangent[1];
        // Normal towards the palm; with the fingers up the x axis is (n.y, -n.x).
        double ux = p2[0] - p1[0];
        double uy = p2[1] - p1[1];
        double nx = -uy;
        double ny = ux;
        if (nx * (cx - p1[0]) + ny * (cy - p1[1]) < 0) {
            nx = -nx;
            ny = -ny;
        }
        // index-middle minus ring-little along the ROI x axis (n.y, -n.x): positive = index on the right
        boolean thumbRight = (p1[0] - p2[0]) * ny + (p1[1] - p2[1]) * -nx > 0;
        return new Found(p1, new double[] {xs[mr.index], ys[mr.index]}, p2, thumbRight, tipIdx, valleyIdx);
    }

    /** Keeps only the runs of edge pixels longer than {@code maxRun}; shorter runs are cleared. */
    private static void markWideRuns(boolean[] border, double maxRun) {
        int n = border.length;
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (!border[i]) {
                first = i;
                break;
            }
        }
        if (first < 0) return; // the whole contour is the frame edge
        boolean[] wide = new boolean[n];
        int i = (first + 1) % n;
        int visited = 0;
        while (visited < n) {
            if (!border[i]) {
                i = (i + 1) % n;
                visited++;
                continue;
            }
            int start = i;
            int len = 0;
            while (border[i] && visited < n) {
                len++;
                i = (i + 1) % n;
                visited++;
            }
            if (len > maxRun) {
                for (int j = 0; j < len; j++) wide[(start + j) % n] = true;
            }
        }
        System.arraycopy(wide, 0, border, 0, n);
    }

    private static double angleBetween(int[] xs, int[] ys, int i, int j, double cx, double cy) {
        double a1 = Math.atan2(ys[i] - cy, xs[i] - cx);
        double a2 = Math.atan2(ys[j] - cy, xs[j] - cx);
        double g = Math.abs(a2 - a1);
        return Math.min(g, 2 * Math.PI - g);
    }

    private static boolean nearBorder(boolean[] border, int i, int reach) {
        int n = border.length;
        for (int j = -reach; j <= reach; j++) if (border[Math.floorMod(i + j, n)]) return true;
        return false;
    }

    private static boolean borderBetween(boolean[] border, int a, int b, int n) {
        for (int i = a; i != b; i = (i + 1) % n) if (border[i]) return true;
        return false;
    }

    private static int argMinBetween(double[] r, int a, int b, int n) {
        int best = a;
        for (int i = a; i != b; i = (i + 1) % n) if (r[i] < r[best]) best = i;
        return best;
    }

    private static double dist(int[] xs, int[] ys, int i, int j) {
        return Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
    }

    /** Contour indices of a valley's cup: around its deepest point, within {@code depth} of it. */
    private static int[] cup(double[] r, Valley v, double depth) {
        int n = r.length;
        double limit = r[v.index] + depth;
        int lo = v.index;
        while (lo != v.leftTip && r[Math.floorMod(lo - 1, n)] <= limit) lo = Math.floorMod(lo - 1, n);
        int hi = v.index;
        while (hi != v.rightTip && r[(hi + 1) % n] <= limit) hi = (hi + 1) % n;
        int len = Math.floorMod(hi - lo, n) + 1;
        int[] out = new int[len];
        for (int i = 0; i < len; i++) out[i] = (lo + i) % n;
        return out;
    }

    /**
     * The line touching both cups from the palm side: alternately, the point of each cup that
     * lies furthest towards the palm as seen from the current point of the other cup.
     */
    private static double[][] tangent(int[] xs, int[] ys, double[] r, Valley v1, Valley v2,
                                      double cx, double cy, double depth) {
        int[] c1 = cup(r, v1, depth);
        int[] c2 = cup(r, v2, depth);
        int p1 = v1.index;
        int p2 = v2.index;
        for (int iter = 0; iter < 6; iter++) {
            int q2 = extreme(xs, ys, c2, p1, cx, cy, p2);
            int q1 = extreme(xs, ys, c1, q2, cx, cy, p1);
            if (q1 == p1 && q2 == p2) break;
            p1 = q1;
            p2 = q2;
        }
        return new double[][] {{xs[p1], ys[p1]}, {xs[p2], ys[p2]}};
    }

    /** The cup point whose direction from {@code from} turns furthest towards the palm centre. */
    private static int extreme(int[] xs, int[] ys, int[] cup, int from, double cx, double cy, int current) {
        double fx = xs[from];
        double fy = ys[from];
        double ux = xs[current] - fx;
        double uy = ys[current] - fy;
        double len = Math.hypot(ux, uy);
        if (len == 0) return current;
        ux /= len;
        uy /= len;
        double nx = -uy;
        double ny = ux;
        if (nx * (cx - fx) + ny * (cy - fy) < 0) {
            nx = -nx;
            ny = -ny;
        }
        int best = current;
        double bestAngle = 0;
        for (int i : cup) {
            double dx = xs[i] - fx;
            double dy = ys[i] - fy;
            double angle = Math.atan2(dx * nx + dy * ny, dx * ux + dy * uy);
            if (angle > bestAngle) {
                bestAngle = angle;
                best = i;
            }
        }
        return best;
    }
}
