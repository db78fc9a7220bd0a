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
     * Sharpness of the ROI: the mean absolute central difference (horizontal and vertical,
     * averaged) divided by the mean grey level, a gradient focus measure of the kind compared by
     * Pertuz, Puig and Garcia ("Analysis of focus measure operators for shape-from-focus",
     * Pattern Recognition 2013). Dividing by brightness keeps it independent of exposure; blur
     * lowers it monotonically.
     */
    static double sharpness(byte[] img, int size) {
        double gradient = 0;
        double grey = 0;
        for (int y = 1; y < size - 1; y++) {
            for (int x = 1; x < size - 1; x++) {
                int i = y * size + x;
                gradient += Math.abs((img[i + 1] & 0xFF) - (img[i - 1] & 0xFF))
                        + Math.abs((img[i + size] & 0xFF) - (img[i - size] & 0xFF));
                grey += img[i] & 0xFF;
            }
        }
        return grey == 0 ? 0 : gradient / 2 / grey;
    }
}
