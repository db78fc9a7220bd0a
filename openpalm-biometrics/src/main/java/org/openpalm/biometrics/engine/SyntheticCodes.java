package org.openpalm.biometrics.engine;

import java.util.SplittableRandom;

/**
 * Synthetic competitive codes for load tests: an identity is a random orientation field, a
 * capture is that field translated a little, with independent noise added, then quantized and
 * masked like the extractor does (6 orientations, the weakest {@code fragileCellFraction} of
 * cells masked). Everything follows from (seed, identity, capture): no state, any order, any thread.
 *
 * <p>The identity field, in doubled-angle vector form (orientation is modulo 180 degrees), is a
 * smooth part (random unit vectors on a lattice {@code smoothSpacingCells} apart, bilinearly
 * interpolated: palm lines run over several cells) plus a per-cell detail part (creases). Both
 * are defined beyond the 32 x 32 grid so that a translated capture sees new palm at its border,
 * as a real one does.
 *
 * @param smoothSpacingCells   lattice spacing of the smooth part, in cells
 * @param detailAmplitude      standard deviation of the per-cell identity detail, relative to the
 *                             unit smooth vectors
 * @param captureNoise         standard deviation of the per-capture, per-cell noise
 * @param maxShiftCells        captures are translated by up to this many cells each way
 * @param fragileCellFraction  share of lowest-contrast cells masked (as EngineConfig)
 */
public record SyntheticCodes(
        double smoothSpacingCells, double detailAmplitude, double captureNoise, int maxShiftCells,
        double fragileCellFraction) {

    /** Cells beyond the grid on each side where the identity field is defined. */
    private static final int MARGIN = 3;
    private static final int SIDE = CodeMap.SIZE + 2 * MARGIN;
    private static final double[] DIR_X = new double[6];
    private static final double[] DIR_Y = new double[6];

    static {
        for (int j = 0; j < 6; j++) {
            DIR_X[j] = Math.cos(2 * Math.PI * j / 6);
            DIR_Y[j] = Math.sin(2 * Math.PI * j / 6);
        }
    }

    public SyntheticCodes {
        if (!(smoothSpacingCells >= 1)) throw new IllegalArgumentException("smoothSpacingCells >= 1");
        if (maxShiftCells < 0 || maxShiftCells > MARGIN) throw new IllegalArgumentException("maxShiftCells 0.." + MARGIN);
    }

    /** The code of one capture of one identity. */
    public CodeMap capture(long seed, long identity, long capture) {
        SplittableRandom id = new SplittableRandom(mix(seed, identity));
        int lattice = (int) Math.ceil(SIDE / smoothSpacingCells) + 2;
        double[] lx = new double[lattice * lattice];
        double[] ly = new double[lattice * lattice];
        for (int i = 0; i < lx.length; i++) {
            double a = id.nextDouble() * 2 * Math.PI;
            lx[i] = Math.cos(a);
            ly[i] = Math.sin(a);
        }
        SplittableRandom cap = new SplittableRandom(mix(mix(seed, identity), capture + 0x5DEECE66DL));
        int dx = maxShiftCells == 0 ? 0 : cap.nextInt(-maxShiftCells, maxShiftCells + 1);
        int dy = maxShiftCells == 0 ? 0 : cap.nextInt(-maxShiftCells, maxShiftCells + 1);
        int cells = CodeMap.SIZE * CodeMap.SIZE;
        int[] winner = new int[cells];
        float[] contrast = new float[cells];
        // Detail is drawn for the whole extended field in a fixed order so that it does not depend on the shift.
        double[] detailX = new double[SIDE * SIDE];
        double[] detailY = new double[SIDE * SIDE];
        for (int i = 0; i < detailX.length; i++) {
            detailX[i] = gaussian(id) * detailAmplitude;
            detailY[i] = gaussian(id) * detailAmplitude;
        }
        for (int r = 0; r < CodeMap.SIZE; r++) {
            for (int c = 0; c < CodeMap.SIZE; c++) {
                // Capture cell (c, r) sees identity point (c - dx, r - dy): the palm moved by (dx, dy).
                int fx = c - dx + MARGIN;
                int fy = r - dy + MARGIN;
                double gx = fx / smoothSpacingCells;
                double gy = fy / smoothSpacingCells;
                int x0 = (int) gx;
                int y0 = (int) gy;
                double wx = gx - x0;
                double wy = gy - y0;
                int i00 = y0 * lattice + x0;
                double vx = (lx[i00] * (1 - wx) + lx[i00 + 1] * wx) * (1 - wy)
                        + (lx[i00 + lattice] * (1 - wx) + lx[i00 + lattice + 1] * wx) * wy;
                double vy = (ly[i00] * (1 - wx) + ly[i00 + 1] * wx) * (1 - wy)
                        + (ly[i00 + lattice] * (1 - wx) + ly[i00 + lattice + 1] * wx) * wy;
                int f = fy * SIDE + fx;
                vx += detailX[f] + gaussian(cap) * captureNoise;
                vy += detailY[f] + gaussian(cap) * captureNoise;
                int best = 0;
                double bestDot = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < 6; j++) {
                    double dot = vx * DIR_X[j] + vy * DIR_Y[j];
                    if (dot > bestDot) {
                        bestDot = dot;
                        best = j;
                    }
                }
                int cell = r * CodeMap.SIZE + c;
                winner[cell] = best;
                contrast[cell] = (float) (vx * vx + vy * vy);
            }
        }
        boolean[] valid = FeatureExtractor.maskFragileCells(contrast, fragileCellFraction);
        return FeatureExtractor.pack(winner, valid);
    }

    /**
     * Approximately standard normal: the sum of four 16-bit uniforms (Irwin-Hall), rescaled. One
     * random long instead of a polar-method pair: a million templates build 10 times faster, and
     * noise on orientation vectors needs no exact Gaussian tails.
     */
    private static double gaussian(SplittableRandom random) {
        long x = random.nextLong();
        long sum = (x & 0xFFFF) + ((x >>> 16) & 0xFFFF) + ((x >>> 32) & 0xFFFF) + (x >>> 48);
        return (sum / 65536.0 - 2.0) * SQRT3;
    }

    private static final double SQRT3 = Math.sqrt(3);

    /** SplitMix64 finaliser of a combination: nearby identities get unrelated streams. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
