package org.openpalm.biometrics.engine.index;

import org.openpalm.biometrics.engine.CodeMap;

/**
 * The coarse code the 1:N index scans first: the 32 x 32 competitive code reduced to 16 x 16
 * blocks of 2 x 2 cells, each block's dominant orientation quantized to 4 bins and Gray-coded in
 * 2 bits (00, 01, 11, 10: Hamming distance = circular bin distance). 16 x 16 x 2 bits = 8 longs
 * = 64 bytes per palm, an eighth of the fine code.
 *
 * <p>Why this shape: on the real ROI datasets it separates genuine from impostor pairs about as
 * well as a 3-bit, 6-orientation coarse code (d' 3.3 to 5.8 against 3.4 to 6.1), and 2 bits
 * pack 16 x 16 cells into 8 longs. 8 x 8 blocks were tried and lose: their impostor distances
 * spread so widely that some impostors beat the best genuine match on the coarse distance.
 *
 * <p>The block orientation is the mean of its cells' orientations in doubled-angle vector form
 * (orientation is modulo 180 degrees, so each code j is the unit vector at 2 x j x 30 degrees).
 * The gallery side has no mask: a block with no valid cell keeps bin 0 and costs at most its 2
 * bits; the probe side masks blocks with fewer than two valid cells or an incoherent mean, and
 * is computed at several translations of the fine map so that the gallery blocks stay aligned.
 *
 * <p>Layout of long {@code i}: bits 0-15 plane 0 of block row {@code 2i}, 16-31 plane 1 of that
 * row, 32-47 plane 0 of row {@code 2i + 1}, 48-63 plane 1 of that row.
 */
public final class CoarseCode {
    public static final int GRID = 16;
    public static final int BLOCK = CodeMap.SIZE / GRID;
    public static final int LONGS = GRID / 2;

    /** Fine 3-bit code to orientation index 0..5 (see CodeMap: 000, 001, 011, 111, 110, 100); -1 unused. */
    private static final int[] ORIENTATION_OF_CODE = {0, 1, -1, 2, 5, -1, 4, 3};
    private static final double[] VX = new double[6];
    private static final double[] VY = new double[6];
    private static final int[] GRAY = {0b00, 0b01, 0b11, 0b10};
    /** Mean vector length below this share of the cell count: the cells disagree, no dominant orientation. */
    private static final double MIN_COHERENCE = 0.3;

    /**
     * The outcome of every possible block, indexed by its cells' digits in scan order (cell i of
     * the block, rows then columns, weighs 7^i; digit 0 = no usable orientation, else 1 +
     * orientation): the bin in bits 0-1, bit 2 set when the block is usable on the probe side.
     * A block's sums depend only on the orientations present and their order, so each of the
     * 2401 entries is computed once, with the very arithmetic and order of the per-block loop it
     * replaces: the codes are bit for bit those of summing block by block.
     */
    private static final byte[] BLOCK_OUTCOME = new byte[7 * 7 * 7 * 7];

    static {
        for (int j = 0; j < 6; j++) {
            VX[j] = Math.cos(2 * Math.PI * j / 6);
            VY[j] = Math.sin(2 * Math.PI * j / 6);
        }
        if (BLOCK != 2) throw new AssertionError("the block outcome table is for 2 x 2 blocks");
        for (int key = 0; key < BLOCK_OUTCOME.length; key++) {
            double sx = 0;
            double sy = 0;
            int n = 0;
            for (int i = 0, rest = key; i < BLOCK * BLOCK; i++, rest /= 7) {
                int digit = rest % 7;
                if (digit == 0) continue;
                sx += VX[digit - 1];
                sy += VY[digit - 1];
                n++;
            }
            // Nearest of the doubled-angle directions 0, 90, 180, 270 degrees (orientations 0, 45, 90, 135).
            int bin = Math.abs(sx) >= Math.abs(sy) ? (sx >= 0 ? 0 : 2) : (sy >= 0 ? 1 : 3);
            // Math.sqrt, not Math.hypot (StrictMath, several times slower): at most 4 unit vectors
            // are summed, and on all 1555 possible sums the two tests agree (checked exhaustively).
            boolean usable = 2 * n >= BLOCK * BLOCK && Math.sqrt(sx * sx + sy * sy) >= MIN_COHERENCE * n;
            BLOCK_OUTCOME[key] = (byte) (bin | (usable ? 4 : 0));
        }
    }

    private CoarseCode() {}

    /** The gallery-side coarse code, written to {@code out[offset .. offset + LONGS)}. */
    public static void gallery(CodeMap map, long[] out, int offset) {
        encode(map, 0, 0, out, offset, null, 0);
    }

    /**
     * The probe-side coarse code of the fine map translated by (dx, dy) cells, and its mask
     * (both planes of a usable block set).
     *
     * @return the number of usable blocks
     */
    public static int probe(CodeMap map, int dx, int dy, long[] code, long[] mask, int offset) {
        return encode(map, dx, dy, code, offset, mask, offset);
    }

    private static int encode(CodeMap map, int dx, int dy, long[] out, int offset, long[] mask, int maskOffset) {
        int size = CodeMap.SIZE;
        int[] b0 = map.bit0();
        int[] b1 = map.bit1();
        int[] b2 = map.bit2();
        int[] valid = map.valid();
        // Each cell's digit: 0 when masked (or a code the extractor never makes), else 1 + orientation.
        byte[] digits = new byte[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                int code = ((b0[r] >>> c) & 1) | (((b1[r] >>> c) & 1) << 1) | (((b2[r] >>> c) & 1) << 2);
                int j = ORIENTATION_OF_CODE[code];
                digits[r * size + c] = (byte) ((valid[r] >>> c & 1) == 0 || j < 0 ? 0 : j + 1);
            }
        }
        int usable = 0;
        for (int i = 0; i < LONGS; i++) {
            out[offset + i] = 0;
            if (mask != null) mask[maskOffset + i] = 0;
        }
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                int key = 0;
                int weight = 1;
                for (int by = 0; by < BLOCK; by++) {
                    int r = gy * BLOCK + by - dy;
                    for (int bx = 0; bx < BLOCK; bx++, weight *= 7) {
                        int c = gx * BLOCK + bx - dx;
                        if (r >= 0 && r < size && c >= 0 && c < size) key += digits[r * size + c] * weight;
                    }
                }
                int outcome = BLOCK_OUTCOME[key];
                int gray = GRAY[outcome & 3];
                int shift = (gy & 1) * 32 + gx;
                long bits = ((long) (gray & 1) << shift) | ((long) (gray >>> 1) << (shift + 16));
                out[offset + gy / 2] |= bits;
                if (mask != null && (outcome & 4) != 0) {
                    mask[maskOffset + gy / 2] |= (1L << shift) | (1L << (shift + 16));
                    usable++;
                }
            }
        }
        return usable;
    }
}
