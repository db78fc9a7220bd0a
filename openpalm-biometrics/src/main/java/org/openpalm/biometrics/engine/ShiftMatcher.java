package org.openpalm.biometrics.engine;

/**
 * Compares a prepared probe against candidates: the fractional Hamming distance of the angular
 * codes over jointly valid cells, minimised over translations of up to {@code maxShiftCells} in
 * each direction (the probe's shifted copies are made once, here).
 *
 * <p>Score scale: {@code 100 * (1 - 2 * distance)}, clamped to [0, 100]. Unrelated palms have
 * distance near 0.5 (score near 0, a little higher after the shift search); identical codes score
 * 100. See {@code org.openpalm.biometrics.ScoreScale} for the measured false-match rates.
 */
public final class ShiftMatcher {
    private final long[] shiftedProbes;
    private final int shifts;
    private final int minOverlapCells;

    public ShiftMatcher(CodeMap probe, EngineConfig config) {
        int s = config.maxShiftCells();
        int side = 2 * s + 1;
        this.shifts = side * side;
        this.shiftedProbes = new long[shifts * PackedCode.LONGS];
        int k = 0;
        // Order shifts from the centre outwards is not needed for correctness; row-major is fine.
        for (int dy = -s; dy <= s; dy++) {
            for (int dx = -s; dx <= s; dx++) {
                long[] one = PackedCode.shifted(probe, dx, dy);
                System.arraycopy(one, 0, shiftedProbes, k * PackedCode.LONGS, PackedCode.LONGS);
                k++;
            }
        }
        this.minOverlapCells = config.minOverlapCells();
    }

    /** Best fractional Hamming distance in [0, 1]; 1 when no shift overlaps enough. */
    public double distance(long[] candidate) {
        return distance(candidate, 0);
    }

    /**
     * As {@link #distance(long[])} for the packed code stored at {@code candidate[offset ..
     * offset + PackedCode.LONGS)}: the 1:N index keeps every palm in one flat slab, not an array each.
     */
    public double distance(long[] candidate, int offset) {
        long bestDiff = 1;
        long bestBits = 1; // distance 1.0 until a shift qualifies
        long[] p = shiftedProbes;
        for (int s = 0; s < shifts; s++) {
            int base = s * PackedCode.LONGS;
            int diff = 0;
            int valid = 0;
            for (int i = 0; i < PackedCode.LONGS; i += 4) {
                int c = offset + i;
                long m = p[base + i + 3] & candidate[c + 3];
                diff += Long.bitCount((p[base + i] ^ candidate[c]) & m)
                        + Long.bitCount((p[base + i + 1] ^ candidate[c + 1]) & m)
                        + Long.bitCount((p[base + i + 2] ^ candidate[c + 2]) & m);
                valid += Long.bitCount(m);
            }
            if (valid >= minOverlapCells) {
                long bits = 3L * valid;
                // diff / bits < bestDiff / bestBits, without division
                if (diff * bestBits < bestDiff * bits) {
                    bestDiff = diff;
                    bestBits = bits;
                }
            }
        }
        return (double) bestDiff / bestBits;
    }

    public double score(long[] candidate) {
        return scoreOf(distance(candidate));
    }

    public static double scoreOf(double distance) {
        return Math.clamp(100.0 * (1.0 - 2.0 * distance), 0.0, 100.0);
    }
}
