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
        // Translations at whole steps within the range: -k * step .. k * step (a range that is not
        // a whole number of steps stops at the last whole step).
        int stepsEachWay = rangeCells / stepCells;
        int reach = stepsEachWay * stepCells;
        int side = 2 * stepsEachWay + 1;
        long[] c = new long[side * side * CoarseCode.LONGS];
        long[] m = new long[side * side * CoarseCode.LONGS];
        int[] mult = new int[side * side];
        int n = 0;
        for (int dy = -reach; dy <= reach; dy += stepCells) {
            for (int dx = -reach; dx <= reach; dx += stepCells) {
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
     * The scratch arrays of one scanning thread: a block's per-translation sums and its costs
     * ({@link Gallery#BLOCK} ints each). Not shareable between threads.
     */
    public static final class Scratch {
        final int[] sum0 = new int[Gallery.BLOCK];
        final int[] sum1 = new int[Gallery.BLOCK];
        final int[] sum2 = new int[Gallery.BLOCK];
        final int[] sum3 = new int[Gallery.BLOCK];
        /** The block's costs after {@link #blockCosts}. */
        final int[] cost = new int[Gallery.BLOCK];
    }

    /** Translations costed together in the first pass over a block (see {@link #blockCosts}). */
    static final int FUSED_TRANSLATIONS = 4;

    /**
     * Coarse costs of the first {@code count} palms of one block of {@link Gallery#BLOCK} palms
     * stored plane by plane ({@code g[base + j * BLOCK + i]} is long j of palm i): the minimum
     * over translations, written to {@code scratch.cost}. The inner loops run over palms with one
     * probe word fixed, so the JIT turns them into vector XOR, AND and popcount (about 3 times
     * faster than palm by palm). A partition of a clustered gallery ends in a part-filled block:
     * only its palms are costed.
     *
     * <p>The first pass over a block reads it from memory; the rest find it in the cache. So the
     * first pass costs {@value #FUSED_TRANSLATIONS} translations at once, each gallery word loaded
     * once for all four: their arithmetic runs while the next words arrive instead of after. The
     * costs are the same, bit for bit; on 2 cores scanning a million palms each pass of the harness
     * took 7.10 instead of 7.74 ns per palm (median of 40, interleaved), and about the same in the
     * cache (6.03 against 5.92).
     */
    void blockCosts(long[] g, int base, int count, Scratch scratch) {
        int n = Gallery.BLOCK;
        int[] best = scratch.cost;
        int s = 0;
        if (shifts >= FUSED_TRANSLATIONS) {
            fusedFirstPass(g, base, count, scratch);
            s = FUSED_TRANSLATIONS;
        } else {
            java.util.Arrays.fill(best, 0, count, Integer.MAX_VALUE);
        }
        int[] acc = scratch.sum0;
        for (; s < shifts; s++) {
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

    /** Translations 0-3 of {@link #blockCosts} in one pass: their minimum written to {@code scratch.cost}. */
    private void fusedFirstPass(long[] g, int base, int count, Scratch scratch) {
        int n = Gallery.BLOCK;
        int w = CoarseCode.LONGS;
        // Four arrays, not one with four offsets: C2 vectorises stores to distinct arrays only.
        int[] a0 = scratch.sum0;
        int[] a1 = scratch.sum1;
        int[] a2 = scratch.sum2;
        int[] a3 = scratch.sum3;
        java.util.Arrays.fill(a0, 0, count, 0);
        java.util.Arrays.fill(a1, 0, count, 0);
        java.util.Arrays.fill(a2, 0, count, 0);
        java.util.Arrays.fill(a3, 0, count, 0);
        for (int j = 0; j < w; j++) {
            long p0 = code[j];
            long m0 = mask[j];
            long p1 = code[w + j];
            long m1 = mask[w + j];
            long p2 = code[2 * w + j];
            long m2 = mask[2 * w + j];
            long p3 = code[3 * w + j];
            long m3 = mask[3 * w + j];
            int off = base + j * n;
            for (int i = 0; i < count; i++) {
                long word = g[off + i];
                a0[i] += Long.bitCount((word ^ p0) & m0);
                a1[i] += Long.bitCount((word ^ p1) & m1);
                a2[i] += Long.bitCount((word ^ p2) & m2);
                a3[i] += Long.bitCount((word ^ p3) & m3);
            }
        }
        int u0 = multiplier[0];
        int u1 = multiplier[1];
        int u2 = multiplier[2];
        int u3 = multiplier[3];
        int[] best = scratch.cost;
        for (int i = 0; i < count; i++) best[i] = Math.min(Math.min(a0[i] * u0, a1[i] * u1), Math.min(a2[i] * u2, a3[i] * u3));
    }

    public int shifts() {
        return shifts;
    }
}
