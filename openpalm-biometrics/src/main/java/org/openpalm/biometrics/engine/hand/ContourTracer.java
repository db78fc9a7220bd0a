package org.openpalm.biometrics.engine.hand;

import java.util.Arrays;

/** Outer boundary of a blob by Moore-neighbour tracing with Jacob's stopping criterion. */
final class ContourTracer {
    private ContourTracer() {}

    /** Boundary pixels in order, clockwise on screen (y down); {@code x[i], y[i]}. */
    record Contour(int[] x, int[] y) {
        int size() {
            return x.length;
        }
    }

    private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] DY = {0, 1, 1, 1, 0, -1, -1, -1};

    static Contour trace(boolean[] mask, int w, int h) {
        int start = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                start = i;
                break;
            }
        }
        if (start < 0) return new Contour(new int[0], new int[0]);
        int sx = start % w;
        int sy = start / w;
        int cap = 16;
        int[] xs = new int[cap];
        int[] ys = new int[cap];
        int n = 0;
        int x = sx;
        int y = sy;
        int prev = 0; // as if arrived moving east: the row above the start pixel is empty
        int firstDir = -1;
        int limit = 4 * mask.length + 8;
        while (n < limit) {
            int found = -1;
            for (int k = 0; k < 8; k++) {
                int d = (prev + 5 + k) & 7;
                int nx = x + DX[d];
                int ny = y + DY[d];
                if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[ny * w + nx]) {
                    found = d;
                    break;
                }
            }
            if (found < 0) { // a single pixel
                xs[n] = x;
                ys[n] = y;
                n++;
                break;
            }
            if (x == sx && y == sy) {
                if (firstDir < 0) {
                    firstDir = found;
                } else if (found == firstDir) {
                    break;
                }
            }
            if (n == cap) {
                cap *= 2;
                xs = Arrays.copyOf(xs, cap);
                ys = Arrays.copyOf(ys, cap);
            }
            xs[n] = x;
            ys[n] = y;
            n++;
            x += DX[found];
            y += DY[found];
            prev = found;
        }
        return new Contour(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
    }
}
