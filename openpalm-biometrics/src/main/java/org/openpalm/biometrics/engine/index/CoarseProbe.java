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

    /**
     * The probe for a gallery of protected coarse codes: each translation's code and mask are
     * protected with the gallery's transform, which preserves every coarse distance exactly.
     */
    public CoarseProbe(CodeMap probe, int rangeCells, int stepCells, int minBlocks,
            org.openpalm.biometrics.engine.protect.CodeTransform protection) {
        this(probe, rangeCells, stepCells, minBlocks);
        for (int s = 0; s < shifts; s++) {
            protection.protectCoarseCode(code, s * CoarseCode.LONGS);
            protection.protectCoarseMask(mask, s * CoarseCode.LONGS);
        }
    }

    /**
     * Coarse costs of the first {@code count} palms of one block of {@link Gallery#BLOCK} palms
     * stored plane by plane ({@code g[base + j * BLOCK + i]} is long j of palm i): the minimum
     * over translations, written to {@code best}. The inner loops run over palms with one probe
     * word fixed, so the JIT turns them into vector XOR, AND and popcount (about 3 times faster
     * than palm by palm). A partition of a clustered gallery ends in a part-filled block: only
     * its palms are costed.
     */
    void blockCosts(long[] g, int base, int count, int[] acc, int[] best) {
        int n = Gallery.BLOCK;
        java.util.Arrays.fill(best, 0, count, Integer.MAX_VALUE);
        for (int s = 0; s < shifts; s++) {
            java.util.Arrays.fill(acc, 0, count, 0);
            for (int j = 0; j < CoarseCode.LONGS; j++) {
                long p = code[s * CoarseCode.LONGS + j];
                long m = mask[s * CoarseCode.LONGS + j];
                int off = base + j * n;
                for (int i = 0; i < count; i++) acc[i] += Long.bitCount((g[off + i] ^ p) & m);
            }
            int mu = multiplier[s];
            for (int i = 0; i < count; i++) best[i] = Math.min(best[i], acc[i] * mu);
        }
    }

    public int shifts() {
        return shifts;
    }
}
