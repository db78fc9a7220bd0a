package org.openpalm.biometrics.engine.hand;

import java.util.Arrays;

/**
 * Hand segmentation on a downscaled copy of the capture: Otsu threshold (Otsu 1979), opening,
 * largest 4-connected component, hole filling, then a chamfer distance transform whose maximum
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
        int t = otsu(grey);
        boolean[] mask = new boolean[w * h];
        double fs = 0;
        double bs = 0;
        int fn = 0;
        for (int i = 0; i < mask.length; i++) {
            if (grey[i] > t) {
                mask[i] = true;
                fs += grey[i];
                fn++;
            } else {
                bs += grey[i];
            }
        }
        double fMean = fn == 0 ? 0 : fs / fn;
        double bMean = fn == mask.length ? 0 : bs / (mask.length - fn);
        int r = config.openingRadiusWorkingPixels();
        if (r > 0) {
            mask = dilate(erode(mask, w, h, r), w, h, r);
        }
        mask = largestComponent(mask, w, h);
        fillHoles(mask, w, h);
        int area = 0;
        for (boolean b : mask) if (b) area++;
        int[] dist = chamfer(mask, w, h);
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

    /** Square erosion, separable: a pixel stays when its (2r+1)^2 neighbourhood is all foreground. */
    static boolean[] erode(boolean[] m, int w, int h, int r) {
        return morph(m, w, h, r, true);
    }

    static boolean[] dilate(boolean[] m, int w, int h, int r) {
        return morph(m, w, h, r, false);
    }

    private static boolean[] morph(boolean[] m, int w, int h, int r, boolean erode) {
        boolean[] tmp = new boolean[m.length];
        boolean[] out = new boolean[m.length];
        // Outside the frame counts as foreground for erosion so the wrist cut is not eaten away.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean v = erode;
                for (int k = -r; k <= r; k++) {
                    int xx = x + k;
                    if (xx < 0 || xx >= w) continue;
                    boolean p = m[y * w + xx];
                    if (erode ? !p : p) {
                        v = !erode;
                        break;
                    }
                }
                tmp[y * w + x] = v;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean v = erode;
                for (int k = -r; k <= r; k++) {
                    int yy = y + k;
                    if (yy < 0 || yy >= h) continue;
                    boolean p = tmp[yy * w + x];
                    if (erode ? !p : p) {
                        v = !erode;
                        break;
                    }
                }
                out[y * w + x] = v;
            }
        }
        return out;
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

    /** Background not reachable from the frame border is a hole in the hand: filled. */
    static void fillHoles(boolean[] m, int w, int h) {
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
        while (sp > 0) {
            int p = stack[--sp];
            int x = p % w;
            int y = p / w;
            if (x > 0) sp = seed(m, outside, stack, sp, p - 1);
            if (x < w - 1) sp = seed(m, outside, stack, sp, p + 1);
            if (y > 0) sp = seed(m, outside, stack, sp, p - w);
            if (y < h - 1) sp = seed(m, outside, stack, sp, p + w);
        }
        for (int i = 0; i < m.length; i++) if (!outside[i]) m[i] = true;
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
        int[] d = new int[m.length];
        int inf = 1 << 28;
        for (int i = 0; i < m.length; i++) d[i] = m[i] ? inf : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (d[p] == 0) continue;
                int v = d[p];
                v = Math.min(v, (x > 0 ? d[p - 1] : 0) + 3);
                v = Math.min(v, (y > 0 ? d[p - w] : 0) + 3);
                v = Math.min(v, (x > 0 && y > 0 ? d[p - w - 1] : 0) + 4);
                v = Math.min(v, (x < w - 1 && y > 0 ? d[p - w + 1] : 0) + 4);
                d[p] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int p = y * w + x;
                if (d[p] == 0) continue;
                int v = d[p];
                v = Math.min(v, (x < w - 1 ? d[p + 1] : 0) + 3);
                v = Math.min(v, (y < h - 1 ? d[p + w] : 0) + 3);
                v = Math.min(v, (x < w - 1 && y < h - 1 ? d[p + w + 1] : 0) + 4);
                v = Math.min(v, (x > 0 && y < h - 1 ? d[p + w - 1] : 0) + 4);
                d[p] = v;
            }
        }
        return d;
    }

    static boolean[] copy(boolean[] m) {
        return Arrays.copyOf(m, m.length);
    }
}
