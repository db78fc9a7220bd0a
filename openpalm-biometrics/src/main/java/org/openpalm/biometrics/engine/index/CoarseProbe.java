package org.openpalm.biometrics.engine.index;

import org.openpalm.biometrics.engine.CodeMap;

/**
 * A probe's coarse codes at a few translations, ready for the scan. Each translation's cost is
 * its fractional distance in fixed point ({@code diff * (2^22 / maskedBits)}), so the scan
 * compares integers only; translations with fewer than {@code minBlocks} usable blocks are dropped.
 */
public final class CoarseProbe {
    static final int FIXED_POINT = 1 << 22;

    final long[] code;
    final long[] mask;
    final int[] multiplier;
    final int shifts;

    public CoarseProbe(CodeMap probe, int rangeCells, int stepCells, int minBlocks) {
        int side = 2 * (rangeCells / stepCells) + 1;
        long[] c = new long[side * side * CoarseCode.LONGS];
        long[] m = new long[side * side * CoarseCode.LONGS];
        int[] mult = new int[side * side];
        int n = 0;
        for (int dy = -rangeCells; dy <= rangeCells; dy += stepCells) {
            for (int dx = -rangeCells; dx <= rangeCells; dx += stepCells) {
                int offset = n * CoarseCode.LONGS;
                int blocks = CoarseCode.probe(probe, dx, dy, c, m, offset);
                if (blocks >= minBlocks) {
                    mult[n] = FIXED_POINT / (2 * blocks);
                    n++;
                }
            }
        }
        if (n == 0) {
            // A probe with almost no reliable blocks: keep the centre anyway (all blocks counted)
            // so the coarse stage still ranks; the fine stage decides.
            CoarseCode.probe(probe, 0, 0, c, m, 0);
            java.util.Arrays.fill(m, 0, CoarseCode.LONGS, -1L);
            mult[0] = FIXED_POINT / (2 * CoarseCode.GRID * CoarseCode.GRID);
            n = 1;
        }
        this.code = c;
        this.mask = m;
        this.multiplier = mult;
        this.shifts = n;
    }

    /** Coarse cost of the gallery code at {@code g[b .. b + 8)}: the minimum over translations. */
    int cost(long[] g, int b) {
        long g0 = g[b], g1 = g[b + 1], g2 = g[b + 2], g3 = g[b + 3];
        long g4 = g[b + 4], g5 = g[b + 5], g6 = g[b + 6], g7 = g[b + 7];
        long[] pc = code;
        long[] pm = mask;
        int best = Integer.MAX_VALUE;
        for (int s = 0, o = 0; s < shifts; s++, o += CoarseCode.LONGS) {
            int d = Long.bitCount((g0 ^ pc[o]) & pm[o])
                    + Long.bitCount((g1 ^ pc[o + 1]) & pm[o + 1])
                    + Long.bitCount((g2 ^ pc[o + 2]) & pm[o + 2])
                    + Long.bitCount((g3 ^ pc[o + 3]) & pm[o + 3])
                    + Long.bitCount((g4 ^ pc[o + 4]) & pm[o + 4])
                    + Long.bitCount((g5 ^ pc[o + 5]) & pm[o + 5])
                    + Long.bitCount((g6 ^ pc[o + 6]) & pm[o + 6])
                    + Long.bitCount((g7 ^ pc[o + 7]) & pm[o + 7]);
            int c = d * multiplier[s];
            if (c < best) best = c;
        }
        return best;
    }

    public int shifts() {
        return shifts;
    }
}
