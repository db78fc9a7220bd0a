package org.openpalm.biometrics.engine.hand;

/** Rotation- and scale-normalised sampling of the ROI square, and the ROI's blur measure. */
final class RoiSampler {
    private RoiSampler() {}

    /**
     * Samples a square of side {@code side} capture pixels centred at {@code (cx, cy)}, whose
     * rows run along {@code (ex, ey)} and whose columns run down along {@code (nx, ny)}, into a
     * {@code size x size} image. Bilinear interpolation, averaged over a grid of sub-samples
     * when the square is larger than the output so that shrinking does not alias.
     */
    static byte[] sample(byte[] grey, int width, int height, double cx, double cy, double ex, double ey,
                         double nx, double ny, double side, int size) {
        int sub = Math.max(1, (int) Math.ceil(side / size));
        double step = side / size / sub;
        byte[] out = new byte[size * size];
        double half = side / 2;
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                double sum = 0;
                for (int sy = 0; sy < sub; sy++) {
                    double v = -half + (row * sub + sy + 0.5) * step;
                    for (int sx = 0; sx < sub; sx++) {
                        double u = -half + (col * sub + sx + 0.5) * step;
                        double x = cx + u * ex + v * nx;
                        double y = cy + u * ey + v * ny;
                        sum += bilinear(grey, width, height, x - 0.5, y - 0.5);
                    }
                }
                out[row * size + col] = (byte) Math.min(255, (int) Math.round(sum / (sub * sub)));
            }
        }
        return out;
    }

    private static double bilinear(byte[] g, int w, int h, double fx, double fy) {
        fx = Math.clamp(fx, 0, w - 1);
        fy = Math.clamp(fy, 0, h - 1);
        int x0 = (int) fx;
        int y0 = (int) fy;
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double wx = fx - x0;
        double wy = fy - y0;
        double top = (g[y0 * w + x0] & 0xFF) * (1 - wx) + (g[y0 * w + x1] & 0xFF) * wx;
        double bottom = (g[y1 * w + x0] & 0xFF) * (1 - wx) + (g[y1 * w + x1] & 0xFF) * wx;
        return top * (1 - wy) + bottom * wy;
    }

    /**
     * No-reference blur effect of Crete-Roffet, Dolmiere, Ladret and Nicolas ("The blur effect:
     * perception and estimation with a new no-reference perceptual blur metric", SPIE 2007):
     * re-blur the image and measure how much of its neighbour-difference variation survives.
     * A sharp image loses much of it (result near 0), a blurred one little (near 1). The larger
     * of the horizontal and vertical values is returned.
     */
    static double blurEffect(byte[] img, int size, int taps) {
        return Math.max(blurEffect(img, size, taps, 1, size), blurEffect(img, size, taps, size, 1));
    }

    /** Along direction {@code along} (pixel stride), lines separated by {@code across}. */
    private static double blurEffect(byte[] img, int size, int taps, int along, int across) {
        int half = taps / 2;
        double sumF = 0;
        double sumV = 0;
        double[] line = new double[size];
        double[] blurred = new double[size];
        for (int l = 0; l < size; l++) {
            for (int i = 0; i < size; i++) line[i] = img[l * across + i * along] & 0xFF;
            for (int i = 0; i < size; i++) {
                double s = 0;
                for (int k = -half; k <= half; k++) s += line[Math.clamp(i + k, 0, size - 1)];
                blurred[i] = s / taps;
            }
            for (int i = 1; i < size; i++) {
                double dF = Math.abs(line[i] - line[i - 1]);
                double dB = Math.abs(blurred[i] - blurred[i - 1]);
                sumF += dF;
                sumV += Math.max(0, dF - dB);
            }
        }
        return sumF == 0 ? 1.0 : (sumF - sumV) / sumF;
    }
}
