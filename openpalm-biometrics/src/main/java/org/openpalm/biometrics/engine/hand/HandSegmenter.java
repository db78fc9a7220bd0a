package org.openpalm.biometrics.engine.hand;

/**
 * Hand segmentation on a downscaled copy of the capture: smoothing, Otsu threshold (Otsu 1979),
 * largest 4-connected component, hole filling, opening by a palm-sized disc, then a chamfer distance transform whose maximum
 * is the palm centre (the centre of the largest inscribed circle, as in Zhang et al., "Towards
 * contactless palmprint recognition", Pattern Recognition 2017).
 */
final class HandSegmenter {
    private HandSegmenter() {}

    /** A box-downscaled grey image: {@code scale} capture pixels per working pixel. */
    record Working(int width, int height, int scale, int[] grey) {}

    /** The hand blob at working resolution. */
    record Blob(boolean[] mask, int area, int threshold, double foregroundMean, double backgroundMean,
                int palmX, int palmY, double palmRadius) {}

    static Working downscale(byte[] grey, int width, int height, int maxSide) {
        int scale = Math.max(1, (Math.max(width, height) + maxSide - 1) / maxSide);
        int w = width / scale;
        int h = height / scale;
        int[] out = new int[w * h];
        int norm = scale * scale;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int dy = 0; dy < scale; dy++) {
                    int row = (y * scale + dy) * width + x * scale;
                    for (int dx = 0; dx < scale; dx++) sum += grey[row + dx] & 0xFF;
                }
                out[y * w + x] = (sum + norm / 2) / norm;
            }
        }
        return new Working(w, h, scale, out);
    }

    static double std(int[] grey) {
        double sum = 0;
        double sq = 0;
        for (int v : grey) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / grey.length;
        return Math.sqrt(Math.max(0, sq / grey.length - mean * mean));
    }

    /** Otsu's threshold: the grey level maximising the between-class variance; foreground is {@code > t}. */
    static int otsu(int[] grey) {
        long[] hist = new long[256];
        for (int v : grey) hist[v]++;
        long total = grey.length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) sumAll += i * (double) hist[i];
        double sumBack = 0;
        long back = 0;
        double best = -1;
        int bestT = 0;
        for (int t = 0; t < 255; t++) {
            back += hist[t];
            if (back == 0) continue;
            long fore = total - back;
            if (fore == 0) break;
            sumBack += t * (double) hist[t];
            double mb = sumBack / back;
            double mf = (sumAll - sumBack) / fore;
            double between = (double) back * fore * (mb - mf) * (mb - mf);
            if (between > best) {
                best = between;
                bestT = t;
            }
        }
        return bestT;
    }

    static Blob segment(Working img, CaptureConfig config) {
        int w = img.width();
        int h = img.height();
        int[] grey = img.grey();
        // Thresholding a smoothed copy keeps dark skin creases (finger joints) inside the hand.
        int[] smooth = boxBlur(grey, w, h, config.segmentationBlurWorkingPixels());
        int otsu = otsu(smooth);
        // Otsu's split gives the two class means; the threshold sits at a fixed fraction between
        // them, below the midpoint, so that a less lit finger stays with the hand.
        double[] means = classMeans(smooth, otsu);
        int t = (int) Math.round(means[0] + config.thresholdFraction() * (means[1] - means[0]));
        boolean[] mask = new boolean[w * h];
        double fs = 0;
        double bs = 0;
        int fn = 0;
        for (int i = 0; i < mask.length; i++) {
            if (smooth[i] > t) {
                mask[i] = true;
                fs += grey[i];
                fn++;
            } else {
                bs += grey[i];
            }
        }
        double fMean = fn == 0 ? 0 : fs / fn;
        double bMean = fn == mask.length ? 0 : bs / (mask.length - fn);
        mask = largestComponent(mask, w, h);
        int maxHole = (int) (config.maxHoleAreaFraction() * w * h);
        // The opening below runs on the mask with its holes still open: a guide peg between two
        // fingers touching at the base seals the gap behind it into a hole, and only while that
        // hole is open is the peg thin enough for the opening to remove, giving the valley back.
        boolean[] filled = mask.clone();
        fillHoles(filled, w, h, maxHole);
        int[] dist = chamfer(filled, w, h);
        // Erosion treats the frame edge as hand, so the wrist stays in contact with the edge.
        int[] inner = chamfer(mask, w, h, false);
        // Opening by a disc scaled to the palm: removes guide pegs, cables and reflections that
        // touch the hand (narrower than a finger) and leaves fingers and valleys as they are.
        int radius = (int) Math.round(config.openingPalmRadii() * max(dist) / 3.0); // working pixels
        if (radius > 0) {
            boolean[] core = new boolean[mask.length];
            for (int i = 0; i < mask.length; i++) core[i] = inner[i] > 3 * radius;
            boolean[] outside = new boolean[mask.length];
            for (int i = 0; i < mask.length; i++) outside[i] = !core[i];
            int[] toCore = chamfer(outside, w, h, false);
            boolean any = false;
            for (int i = 0; i < mask.length; i++) {
                mask[i] = mask[i] && toCore[i] <= 3 * radius;
                any |= core[i];
            }
            if (any) {
                mask = largestComponent(mask, w, h);
                fillHoles(mask, w, h, maxHole);
                dist = chamfer(mask, w, h);
            } else {
                mask = filled;
            }
        } else {
            mask = filled;
        }
        int area = 0;
        for (boolean b : mask) if (b) area++;
        int best = -1;
        int bx = 0;
        int by = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = dist[y * w + x];
                if (d > best) {
                    best = d;
                    bx = x;
                    by = y;
                }
            }
        }
        // Chamfer 3-4 distances are three times the Euclidean distance (Borgefors 1986).
        return new Blob(mask, area, t, fMean, bMean, bx, by, Math.max(0, best) / 3.0);
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) m = Math.max(m, v);
        return m;
    }

    /** Mean grey at or below {@code t}, and above it. */
    static double[] classMeans(int[] g, int t) {
        double lo = 0;
        double hi = 0;
        int nl = 0;
        int nh = 0;
        for (int v : g) {
            if (v > t) {
                hi += v;
                nh++;
            } else {
                lo += v;
                nl++;
            }
        }
        return new double[] {nl == 0 ? t : lo / nl, nh == 0 ? t : hi / nh};
    }

    static int[] boxBlur(int[] g, int w, int h, int r) {
        if (r <= 0) return g.clone();
        int[] tmp = new int[g.length];
        int[] out = new int[g.length];
        for (int y = 0; y < h; y++) boxPass(g, tmp, y * w, 1, w, r);  // rows
        for (int x = 0; x < w; x++) boxPass(tmp, out, x, w, h, r);      // columns
        return out;
    }

    /** Mean over a window of +-r along one line of n pixels starting at {@code start}, {@code step} apart. */
    private static void boxPass(int[] in, int[] out, int start, int step, int n, int r) {
        for (int i = 0; i < n; i++) {
            int s = 0;
            int c = 0;
            for (int k = Math.max(0, i - r); k <= Math.min(n - 1, i + r); k++) {
                s += in[start + k * step];
                c++;
            }
            out[start + i * step] = s / c;
        }
    }

    static boolean[] largestComponent(boolean[] m, int w, int h) {
        int[] label = new int[m.length];
        int[] stack = new int[m.length];
        int bestLabel = 0;
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < m.length; start++) {
            if (!m[start] || label[start] != 0) continue;
            next++;
            int size = 0;
            int sp = 0;
            stack[sp++] = start;
            label[start] = next;
            while (sp > 0) {
                int p = stack[--sp];
                size++;
                int x = p % w;
                int y = p / w;
                if (x > 0 && m[p - 1] && label[p - 1] == 0) { label[p - 1] = next; stack[sp++] = p - 1; }
                if (x < w - 1 && m[p + 1] && label[p + 1] == 0) { label[p + 1] = next; stack[sp++] = p + 1; }
                if (y > 0 && m[p - w] && label[p - w] == 0) { label[p - w] = next; stack[sp++] = p - w; }
                if (y < h - 1 && m[p + w] && label[p + w] == 0) { label[p + w] = next; stack[sp++] = p + w; }
            }
            if (size > bestSize) {
                bestSize = size;
                bestLabel = next;
            }
        }
        boolean[] out = new boolean[m.length];
        if (bestLabel == 0) return out;
        for (int i = 0; i < m.length; i++) out[i] = label[i] == bestLabel;
        return out;
    }

    /**
     * Small holes (background not reachable from the frame edge, at most {@code maxArea} pixels:
     * specular spots, dark marks) are filled. Larger enclosed background is left alone: it is
     * usually the gap between two fingers touching at their tips, and filling it would move the
     * finger valley out towards the fingertips.
     */
    static void fillHoles(boolean[] m, int w, int h, int maxArea) {
        boolean[] outside = new boolean[m.length];
        int[] stack = new int[m.length];
        int sp = 0;
        for (int x = 0; x < w; x++) {
            sp = seed(m, outside, stack, sp, x);
            sp = seed(m, outside, stack, sp, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            sp = seed(m, outside, stack, sp, y * w);
            sp = seed(m, outside, stack, sp, y * w + w - 1);
        }
        sp = flood(m, outside, stack, sp, w, h);
        int[] members = new int[m.length];
        for (int start = 0; start < m.length; start++) {
            if (m[start] || outside[start]) continue;
            // one hole: flood it, remembering its pixels
            int count = 0;
            outside[start] = true;
            stack[0] = start;
            sp = 1;
            while (sp > 0) {
                int p = stack[--sp];
                members[count++] = p;
                int x = p % w;
                int y = p / w;
                if (x > 0) sp = seed(m, outside, stack, sp, p - 1);
                if (x < w - 1) sp = seed(m, outside, stack, sp, p + 1);
                if (y > 0) sp = seed(m, outside, stack, sp, p - w);
                if (y < h - 1) sp = seed(m, outside, stack, sp, p + w);
            }
            if (count <= maxArea) {
                for (int i = 0; i < count; i++) m[members[i]] = true;
            }
        }
    }

    private static int flood(boolean[] m, boolean[] outside, int[] stack, int sp, int w, int h) {
        while (sp > 0) {
            int p = stack[--sp];
            int x = p % w;
            int y = p / w;
            if (x > 0) sp = seed(m, outside, stack, sp, p - 1);
            if (x < w - 1) sp = seed(m, outside, stack, sp, p + 1);
            if (y > 0) sp = seed(m, outside, stack, sp, p - w);
            if (y < h - 1) sp = seed(m, outside, stack, sp, p + w);
        }
        return sp;
    }

    private static int seed(boolean[] m, boolean[] outside, int[] stack, int sp, int p) {
        if (!m[p] && !outside[p]) {
            outside[p] = true;
            stack[sp++] = p;
        }
        return sp;
    }

    /** Chamfer 3-4 distance to the nearest background pixel; outside the frame is background. */
    static int[] chamfer(boolean[] m, int w, int h) {
        return chamfer(m, w, h, true);
    }

    /** As above; when {@code outsideIsBackground} is false the frame edge does not count as background. */
    static int[] chamfer(boolean[] m, int w, int h, boolean outsideIsBackground) {
        int[] d = new int[m.length];
        int inf = 1 << 28;
        int o = outsideIsBackground ? 0 : inf;
        for (int i = 0; i < m.length; i++) d[i] = m[i] ? inf : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (d[p] == 0) continue;
                int v = d[p];
                v = Math.min(v, (x > 0 ? d[p - 1] : o) + 3);
                v = Math.min(v, (y > 0 ? d[p - w] : o) + 3);
                v = Math.min(v, (x > 0 && y > 0 ? d[p - w - 1] : o) + 4);
                v = Math.min(v, (x < w - 1 && y > 0 ? d[p - w + 1] : o) + 4);
                d[p] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int p = y * w + x;
                if (d[p] == 0) continue;
                int v = d[p];
                v = Math.min(v, (x < w - 1 ? d[p + 1] : o) + 3);
                v = Math.min(v, (y < h - 1 ? d[p + w] : o) + 3);
                v = Math.min(v, (x < w - 1 && y < h - 1 ? d[p + w + 1] : o) + 4);
                v = Math.min(v, (x > 0 && y < h - 1 ? d[p + w - 1] : o) + 4);
                d[p] = v;
            }
        }
        return d;
    }
}
