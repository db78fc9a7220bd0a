package org.openpalm.biometrics.engine;

import java.util.Arrays;

/**
 * Palm region of interest to competitive code, as a flat script of named stages:
 * resize to the ROI size, downsample, Gabor filter bank at the code grid, winner orientation,
 * fragile-cell mask, pack.
 *
 * <p>Method: competitive code (Kong and Zhang, ICPR 2004): the palm-line orientation at each
 * cell is the index of the most negative response of six real Gabor filters (palm lines are
 * darker than skin), coded in 3 bits so that Hamming distance is angular distance. Cells whose
 * response contrast is weakest are masked as fragile (after the fragile-bit idea of E-BOCV,
 * Zhang et al., Pattern Recognition 2012).
 */
public final class FeatureExtractor {
    private final EngineConfig config;
    /** kernels[orientation][dy][dx] flattened; zero mean. */
    private final float[][] kernels;
    private final int kernelSide;

    public FeatureExtractor(EngineConfig config) {
        this.config = config;
        this.kernelSide = 2 * config.gaborRadiusPixels() + 1;
        this.kernels = new float[config.orientations()][];
        for (int j = 0; j < config.orientations(); j++) {
            kernels[j] = leeGabor(config, Math.PI * j / config.orientations());
        }
    }

    public CodeMap extract(byte[] grey, int width, int height) {
        float[] roi = resizeBilinear(grey, width, height, config.roiSizePixels());
        int side = config.roiSizePixels() / config.downsampleFactor();
        float[] small = downsample(roi, config.roiSizePixels(), config.downsampleFactor());
        float[][] responses = filterAtGrid(small, side);
        int cells = CodeMap.SIZE * CodeMap.SIZE;
        int[] winner = new int[cells];
        float[] contrast = new float[cells];
        competitiveWinners(responses, winner, contrast);
        boolean[] valid = maskFragileCells(contrast, config.fragileCellFraction());
        return pack(winner, valid);
    }

    /** Stage 1: bilinear resize to the working ROI size (a no-op copy when already that size). */
    static float[] resizeBilinear(byte[] grey, int width, int height, int size) {
        float[] out = new float[size * size];
        if (width == size && height == size) {
            for (int i = 0; i < out.length; i++) out[i] = grey[i] & 0xFF;
            return out;
        }
        double sx = (double) width / size;
        double sy = (double) height / size;
        for (int y = 0; y < size; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, height - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            double wy = fy - y0;
            for (int x = 0; x < size; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, width - 1);
                int x1 = Math.min(x0 + 1, width - 1);
                double wx = fx - x0;
                double top = (grey[y0 * width + x0] & 0xFF) * (1 - wx) + (grey[y0 * width + x1] & 0xFF) * wx;
                double bottom = (grey[y1 * width + x0] & 0xFF) * (1 - wx) + (grey[y1 * width + x1] & 0xFF) * wx;
                out[y * size + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return out;
    }

    /** Stage 2: box-filter downsampling; palm lines stay 1-2 pixels wide, filtering is 4x cheaper. */
    static float[] downsample(float[] image, int size, int factor) {
        int side = size / factor;
        float[] out = new float[side * side];
        float norm = 1f / (factor * factor);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int row = (y * factor + dy) * size + x * factor;
                    for (int dx = 0; dx < factor; dx++) sum += image[row + dx];
                }
                out[y * side + x] = sum * norm;
            }
        }
        return out;
    }

    /**
     * Stage 3: the Gabor bank evaluated only at the 32 x 32 cell centres (edges replicated).
     *
     * <p>Evaluated one kernel tap at a time for all 1024 cells at once. The pixels under one tap
     * are {@code step} apart in both directions, so the edge-padded image is first split into
     * {@code step x step} phase images, in which they form a contiguous 32 x 32 window; with the
     * responses laid out at the phase images' row stride, each tap is one multiply-add over a
     * long run of contiguous floats, read and written at one index, which the JIT turns into
     * vector instructions (the few columns past the 32nd are computed and dropped). Every
     * response still adds its 289 terms in the same order, tap by tap in row-major order from 0,
     * so the responses are bit for bit those of a patch-by-patch dot product.
     */
    private float[][] filterAtGrid(float[] image, int side) {
        int n = CodeMap.SIZE;
        int step = side / n;
        int radius = config.gaborRadiusPixels();
        int ks = kernelSide;
        // The tap (kx, ky) of cell (cx, cy) reads padded pixel (cx * step + step / 2 + kx, likewise y),
        // i.e. phase ((step / 2 + kx) % step) at phase column cx + (step / 2 + kx) / step.
        int stride = n + (step / 2 + ks - 1) / step + 1;
        int phaseSize = stride * stride;
        float[] phases = new float[step * step * phaseSize];
        for (int py = 0; py < step; py++) {
            for (int px = 0; px < step; px++) {
                int at = (py * step + px) * phaseSize;
                for (int y = 0; y < stride; y++) {
                    int sy = Math.clamp(y * step + py - radius, 0, side - 1) * side;
                    for (int x = 0; x < stride; x++) {
                        phases[at + y * stride + x] = image[sy + Math.clamp(x * step + px - radius, 0, side - 1)];
                    }
                }
            }
        }
        int orientations = kernels.length;
        int span = n * stride;
        float[][] acc = new float[orientations][span];
        float[] window = new float[span];
        for (int ky = 0; ky < ks; ky++) {
            int py = (step / 2 + ky) % step;
            int oy = (step / 2 + ky) / step;
            for (int kx = 0; kx < ks; kx++) {
                int px = (step / 2 + kx) % step;
                int ox = (step / 2 + kx) / step;
                int src = (py * step + px) * phaseSize + oy * stride + ox;
                int tap = ky * ks + kx;
                // Copied out first so that the loops below read and write at the same index: C2
                // vectorises a[i] += w[i] * k, not a[i] += w[src + i] * k (a and w might be one array).
                System.arraycopy(phases, src, window, 0, span);
                for (int j = 0; j < orientations; j++) {
                    float k = kernels[j][tap];
                    float[] a = acc[j];
                    for (int i = 0; i < span; i++) a[i] += window[i] * k;
                }
            }
        }
        float[][] responses = new float[orientations][n * n];
        for (int j = 0; j < orientations; j++) {
            for (int cy = 0; cy < n; cy++) System.arraycopy(acc[j], cy * stride, responses[j], cy * n, n);
        }
        return responses;
    }

    /** Stage 4: winner-take-all over orientations; contrast is the spread of the responses. */
    private static void competitiveWinners(float[][] responses, int[] winner, float[] contrast) {
        for (int cell = 0; cell < winner.length; cell++) {
            int best = 0;
            float min = responses[0][cell];
            float max = min;
            for (int j = 1; j < responses.length; j++) {
                float r = responses[j][cell];
                if (r < min) {
                    min = r;
                    best = j;
                }
                if (r > max) max = r;
            }
            winner[cell] = best;
            contrast[cell] = max - min;
        }
    }

    /** Stage 5: the weakest-contrast cells carry orientation noise, not palm lines. */
    static boolean[] maskFragileCells(float[] contrast, double fragileFraction) {
        boolean[] valid = new boolean[contrast.length];
        float[] sorted = contrast.clone();
        Arrays.sort(sorted);
        int cut = (int) Math.floor(fragileFraction * contrast.length);
        float threshold = cut == 0 ? Float.NEGATIVE_INFINITY : sorted[cut - 1];
        int masked = 0;
        for (int i = 0; i < contrast.length; i++) {
            // Ties at the threshold: mask only as many as the fraction asks for.
            if (contrast[i] < threshold || (contrast[i] == threshold && masked < cut && cut > 0)) {
                masked++;
            } else {
                valid[i] = true;
            }
        }
        return valid;
    }

    /** Stage 6: one int per row and plane. */
    static CodeMap pack(int[] winner, boolean[] valid) {
        int n = CodeMap.SIZE;
        int[] b0 = new int[n];
        int[] b1 = new int[n];
        int[] b2 = new int[n];
        int[] v = new int[n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int cell = r * n + c;
                int code = CodeMap.ORIENTATION_CODE[winner[cell]];
                int bit = 1 << c;
                if ((code & 1) != 0) b0[r] |= bit;
                if ((code & 2) != 0) b1[r] |= bit;
                if ((code & 4) != 0) b2[r] |= bit;
                if (valid[cell]) v[r] |= bit;
            }
        }
        return new CodeMap(b0, b1, b2, v);
    }

    /**
     * Lee's 2-D Gabor (Lee, IEEE PAMI 1996), as used by competitive code:
     * psi(x, y) = w / (sqrt(2 pi) k) exp(-w^2 / (8 k^2) (4 x'^2 + y'^2)) (cos(w x') - exp(-k^2 / 2)),
     * with k = sqrt(2 ln 2) (2^d + 1) / (2^d - 1). The mean is removed so that brightness does not
     * bias the winner.
     */
    static float[] leeGabor(EngineConfig config, double theta) {
        int r = config.gaborRadiusPixels();
        int side = 2 * r + 1;
        double w = config.gaborOmega();
        double d = config.gaborBandwidthOctaves();
        double k = Math.sqrt(2 * Math.log(2)) * (Math.pow(2, d) + 1) / (Math.pow(2, d) - 1);
        double[] values = new double[side * side];
        double sum = 0;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                double xr = x * cos + y * sin;
                double yr = -x * sin + y * cos;
                double envelope = w / (Math.sqrt(2 * Math.PI) * k)
                        * Math.exp(-(w * w) / (8 * k * k) * (4 * xr * xr + yr * yr));
                double v = envelope * (Math.cos(w * xr) - Math.exp(-k * k / 2));
                values[(y + r) * side + (x + r)] = v;
                sum += v;
            }
        }
        double mean = sum / values.length;
        float[] kernel = new float[values.length];
        for (int i = 0; i < values.length; i++) kernel[i] = (float) (values[i] - mean);
        return kernel;
    }
}
