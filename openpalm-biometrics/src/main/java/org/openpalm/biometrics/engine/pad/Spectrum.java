package org.openpalm.biometrics.engine.pad;

/**
 * Power spectrum of the central power-of-two square of an image (Hann-windowed, mean removed),
 * and its radial statistics. Periodic structure (halftone dots, display pixels, their moire)
 * shows as isolated peaks well above the power of their ring; skin and paper do not.
 */
public final class Spectrum {
    private final int side;
    private final double[] power; // side x side, zero frequency at (0,0)

    private Spectrum(int side, double[] power) {
        this.side = side;
        this.power = power;
    }

    public static Spectrum of(Raster image, int maxSidePixels) {
        int side = Integer.highestOneBit(Math.min(Math.min(image.width(), image.height()), maxSidePixels));
        int x0 = (image.width() - side) / 2, y0 = (image.height() - side) / 2;
        double[] re = new double[side * side], im = new double[side * side];
        double mean = 0;
        for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) mean += image.at(x0 + x, y0 + y);
        mean /= side * side;
        for (int y = 0; y < side; y++) {
            double wy = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * (y + 0.5) / side);
            for (int x = 0; x < side; x++) {
                double wx = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * (x + 0.5) / side);
                re[y * side + x] = (image.at(x0 + x, y0 + y) - mean) * wx * wy;
            }
        }
        double[] rowRe = new double[side], rowIm = new double[side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(re, y * side, rowRe, 0, side);
            System.arraycopy(im, y * side, rowIm, 0, side);
            fft(rowRe, rowIm);
            System.arraycopy(rowRe, 0, re, y * side, side);
            System.arraycopy(rowIm, 0, im, y * side, side);
        }
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                rowRe[y] = re[y * side + x];
                rowIm[y] = im[y * side + x];
            }
            fft(rowRe, rowIm);
            for (int y = 0; y < side; y++) {
                re[y * side + x] = rowRe[y];
                im[y * side + x] = rowIm[y];
            }
        }
        double[] power = new double[side * side];
        for (int i = 0; i < power.length; i++) power[i] = re[i] * re[i] + im[i] * im[i];
        return new Spectrum(side, power);
    }

    /** In-place radix-2 Cooley-Tukey. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = StrictMath.cos(angle * k), wi = StrictMath.sin(angle * k);
                    int a = i + k, b = i + k + len / 2;
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    public int side() {
        return side;
    }

    /** Spatial frequency of bin (u,v) as a fraction of Nyquist (0 to about 1.41 in the corners). */
    private double radius(int u, int v) {
        int fu = u <= side / 2 ? u : u - side, fv = v <= side / 2 ? v : v - side;
        return StrictMath.sqrt((double) fu * fu + (double) fv * fv) / (side / 2.0);
    }

    /**
     * The strongest bin between {@code fromNyquist} and {@code toNyquist}, as a multiple of the
     * median power of its own ring (rings one bin wide), natural log. Whitening by the ring median
     * removes the 1/f fall-off of natural images, so only peaks count.
     */
    public double peakOverRingMedianLog(double fromNyquist, double toNyquist) {
        int rings = side / 2 + 1;
        java.util.List<java.util.List<Double>> byRing = new java.util.ArrayList<>();
        for (int r = 0; r < rings * 2; r++) byRing.add(new java.util.ArrayList<>());
        for (int v = 0; v < side; v++) {
            for (int u = 0; u < side / 2 + 1; u++) { // half plane: the spectrum of a real image is symmetric
                double r = radius(u, v);
                if (r < fromNyquist || r > toNyquist) continue;
                byRing.get((int) StrictMath.round(r * side / 2.0)).add(power[v * side + u]);
            }
        }
        double best = 0;
        for (java.util.List<Double> ring : byRing) {
            if (ring.size() < 8) continue;
            double[] sorted = ring.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            if (median <= 0) continue;
            best = Math.max(best, sorted[sorted.length - 1] / median);
        }
        return StrictMath.log(Math.max(best, 1));
    }
}
