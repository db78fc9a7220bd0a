package org.openpalm.biometrics.engine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.openpalm.biometrics.engine.protect.CodeTransform;

/**
 * Compares a prepared probe against candidates: the fractional Hamming distance of the angular
 * codes over jointly valid cells, minimised over translations of up to {@code maxShiftCells} in
 * each direction and over a few small probe rotations. The probe's shifted and rotated copies are
 * made once per matcher, on first use.
 *
 * <p>Search order, coarse to fine, which keeps a comparison near 1.5 microseconds: every
 * translation of the unrotated probe on half the rows; the best two on all rows; every other
 * rotation at the best translation; then the 3 x 3 translations around the winning rotation (the
 * two smallest rotations when none beat the unrotated probe): a rotation about the grid centre
 * moves the optimum by about a cell.
 *
 * <p>Score scale: {@code 100 * (1 - 2 * distance)}, clamped to [0, 100]. Unrelated palms have
 * distance near 0.49 before the search and about 0.44 after it (score about 11); identical codes
 * score 100. {@code org.openpalm.biometrics.ScoreScale} gives the measured false-match rates.
 */
public final class ShiftMatcher {
    private final long[] probes;
    private final int maxShift;
    private final int side;
    private final int rotations;
    private final int minOverlapCells;
    /** When no rotation beats the unrotated probe: the two smallest rotations are refined. */
    private final int[] refineRotations;
    private final CodeMap probe;
    private final double[] angles;
    /** The four planes of each rotated probe, made on first use (null until then; guarded by this). */
    private final int[][][] turned;
    /**
     * State of aligned copy c of {@link #probes} (set with release): {@link #NOT_MADE},
     * {@link #EVEN_ROW_PAIRS} (made; only its even row pairs protected yet) or {@link #WHOLE}.
     */
    private final AtomicIntegerArray ready;
    private static final int NOT_MADE = 0;
    private static final int EVEN_ROW_PAIRS = 1;
    private static final int WHOLE = 2;
    private final Optional<CodeTransform> protection;
    /** The transform's working array (guarded by this). */
    private final long[] scratch = new long[PackedCode.LONGS];

    /**
     * The probe's translations are made here; its rotated copies (294 of the 343 by default) are
     * made, and protected, on first use: a 1:N search fine-matches a shortlist of a few dozen
     * palms, whose searches try every translation of the unrotated probe but only part of the
     * rotated copies. Making and protecting all of them up front was most of the cost of
     * preparing a probe.
     */
    public ShiftMatcher(CodeMap probe, EngineConfig config) {
        this(probe, config, Optional.empty());
    }

    /**
     * A matcher for candidates stored protected with {@code protection}: every aligned copy of the
     * probe (each rotation and translation) is protected, on first use, with the same transform.
     * The transform preserves masked Hamming distances on all rows and on the even row pairs
     * alike, so every search step and every score equal those of plain matching, bit for bit.
     */
    public ShiftMatcher(CodeMap probe, EngineConfig config, CodeTransform protection) {
        this(probe, config, Optional.of(protection));
    }

    private ShiftMatcher(CodeMap probe, EngineConfig config, Optional<CodeTransform> protection) {
        this.maxShift = config.maxShiftCells();
        this.side = 2 * maxShift + 1;
        this.angles = orderedRotations(config.rotationsDegrees());
        this.rotations = angles.length;
        this.probes = new long[rotations * side * side * PackedCode.LONGS];
        this.probe = probe;
        this.turned = new int[rotations][][];
        this.ready = new AtomicIntegerArray(rotations * side * side);
        this.protection = protection;
        this.minOverlapCells = config.minOverlapCells();
        this.refineRotations = smallestTwo(angles);
        // Every search tries every translation of the unrotated probe: those are made now, so the
        // translation loop needs no check. That loop reads the even row pairs only: with
        // protection, only those are protected now (half the transform's work); the odd half of
        // the few translations a search reads whole is protected when first read.
        for (int t = 0; t < side * side; t++) {
            if (protection.isPresent()) makeEvenRowPairs(t);
            else make(t);
        }
    }

    /** The offset of the aligned copy at {@code offset}, made (and protected) whole first if it is not yet. */
    private int aligned(int offset) {
        int copy = offset / PackedCode.LONGS;
        if (ready.getAcquire(copy) != WHOLE) make(copy);
        return offset;
    }

    private synchronized void make(int copy) {
        int state = ready.get(copy);
        if (state == WHOLE) return;
        int at = copy * PackedCode.LONGS;
        if (state == EVEN_ROW_PAIRS) {
            protection.orElseThrow().protectFineRowPairs(probes, at, 1, scratch);
        } else {
            int r = copy / (side * side);
            int t = copy % (side * side);
            if (turned[r] == null) turned[r] = PackedCode.planes(PackedCode.rotated(probe, angles[r]));
            PackedCode.shiftedInto(turned[r], t % side - maxShift, t / side - maxShift, probes, at);
            if (protection.isPresent()) protection.get().protectFineInPlace(probes, at, 1, scratch);
        }
        ready.setRelease(copy, WHOLE);
    }

    /** A translation of the unrotated probe with its even row pairs protected (constructor only). */
    private void makeEvenRowPairs(int t) {
        int at = t * PackedCode.LONGS;
        if (turned[0] == null) turned[0] = PackedCode.planes(PackedCode.rotated(probe, angles[0]));
        PackedCode.shiftedInto(turned[0], t % side - maxShift, t / side - maxShift, probes, at);
        protection.orElseThrow().protectFineRowPairs(probes, at, 0, scratch);
        ready.set(t, EVEN_ROW_PAIRS);
    }

    /** Indexes of the (up to) two non-zero rotations closest to zero, e.g. -4 and +4 degrees (first on ties). */
    private static int[] smallestTwo(double[] angles) {
        int first = -1;
        int second = -1;
        for (int i = 1; i < angles.length; i++) {
            double a = Math.abs(angles[i]);
            if (first < 0 || a < Math.abs(angles[first])) {
                second = first;
                first = i;
            } else if (second < 0 || a < Math.abs(angles[second])) {
                second = i;
            }
        }
        return first < 0 ? new int[0] : second < 0 ? new int[] {first} : new int[] {first, second};
    }

    /** Zero first, so the full translation search runs on the unrotated probe. */
    private static double[] orderedRotations(double[] angles) {
        double[] ordered = new double[angles.length];
        int k = 1;
        for (double a : angles) {
            if (a != 0 && k < ordered.length) ordered[k++] = a;
        }
        return ordered; // ordered[0] == 0
    }

    private int offset(int rotation, int dx, int dy) {
        return ((rotation * side + (dy + maxShift)) * side + (dx + maxShift)) * PackedCode.LONGS;
    }

    /** Best fractional Hamming distance in [0, 1]; 1 when no alignment overlaps enough. */
    public double distance(long[] candidate) {
        return distance(candidate, 0);
    }

    /**
     * As {@link #distance(long[])} for the packed code stored at {@code candidate[offset ..
     * offset + PackedCode.LONGS)}: the 1:N index keeps every palm in one flat slab, not an array each.
     */
    public double distance(long[] candidate, int offset) {
        // best distance so far as the fraction bestDiff / bestBits; 1.0 until an alignment qualifies
        long bestDiff = 1;
        long bestBits = 1;
        int bestDx = 0;
        int bestDy = 0;
        // Translations, coarse to fine: every translation on every other row pair (half the
        // work; the distance surface is smooth), then the best two on all rows.
        long firstDiff = 1, firstBits = 1, secondDiff = 1, secondBits = 1;
        int first = -1;
        int second = -1;
        int translations = side * side;
        long halfMinBits = 3L * minOverlapCells / 2;
        long minBits = 3L * minOverlapCells;
        for (int t = 0; t < translations; t++) {
            long counts = compare(t * PackedCode.LONGS, candidate, offset, 8);
            if (beats(counts, firstDiff, firstBits, halfMinBits)) {
                second = first;
                secondDiff = firstDiff;
                secondBits = firstBits;
                first = t;
                firstDiff = diffOf(counts);
                firstBits = bitsOf(counts);
            } else if (beats(counts, secondDiff, secondBits, halfMinBits)) {
                second = t;
                secondDiff = diffOf(counts);
                secondBits = bitsOf(counts);
            }
        }
        for (int t : new int[] {first, second}) {
            if (t < 0) continue;
            long counts = compare(aligned(t * PackedCode.LONGS), candidate, offset, 4);
            if (beats(counts, bestDiff, bestBits, minBits)) {
                bestDiff = diffOf(counts);
                bestBits = bitsOf(counts);
                bestDx = t % side - maxShift;
                bestDy = t / side - maxShift;
            }
        }
        // Each other rotation at the best translation; then the 3 x 3 translations around the
        // winning rotation (rotation about the grid centre moves the optimum by about a cell).
        int bestRotation = 0;
        for (int r = 1; r < rotations; r++) {
            long counts = compare(aligned(offset(r, bestDx, bestDy)), candidate, offset, 4);
            if (beats(counts, bestDiff, bestBits, minBits)) {
                bestDiff = diffOf(counts);
                bestBits = bitsOf(counts);
                bestRotation = r;
            }
        }
        if (rotations > 1) {
            int centreDx = bestDx;
            int centreDy = bestDy;
            int[] tried = bestRotation == 0 ? refineRotations : new int[] {bestRotation};
            for (int r : tried) {
                for (int dy = Math.max(-maxShift, centreDy - 1); dy <= Math.min(maxShift, centreDy + 1); dy++) {
                    for (int dx = Math.max(-maxShift, centreDx - 1); dx <= Math.min(maxShift, centreDx + 1); dx++) {
                        if (dx == centreDx && dy == centreDy) continue;
                        long counts = compare(aligned(offset(r, dx, dy)), candidate, offset, 4);
                        if (beats(counts, bestDiff, bestBits, minBits)) {
                            bestDiff = diffOf(counts);
                            bestBits = bitsOf(counts);
                        }
                    }
                }
            }
        }
        return (double) bestDiff / bestBits;
    }

    /**
     * Differing code bits (high 32 bits) and jointly valid cells (low 32 bits) at one alignment,
     * over every row pair ({@code strideLongs} 4) or every other one (8).
     */
    private long compare(int base, long[] candidate, int offset, int strideLongs) {
        long[] p = probes;
        int diff = 0;
        int valid = 0;
        for (int i = 0; i < PackedCode.LONGS; i += strideLongs) {
            int c = offset + i;
            long m = p[base + i + 3] & candidate[c + 3];
            diff += Long.bitCount((p[base + i] ^ candidate[c]) & m)
                    + Long.bitCount((p[base + i + 1] ^ candidate[c + 1]) & m)
                    + Long.bitCount((p[base + i + 2] ^ candidate[c + 2]) & m);
            valid += Long.bitCount(m);
        }
        return ((long) diff << 32) | valid;
    }

    private static long diffOf(long counts) {
        return counts >>> 32;
    }

    private static long bitsOf(long counts) {
        return 3 * (counts & 0xFFFF_FFFFL);
    }

    /** Whether an alignment overlaps enough and its distance is below bestDiff / bestBits. */
    private boolean beats(long counts, long bestDiff, long bestBits, long minBits) {
        long bits = bitsOf(counts);
        return bits >= minBits && diffOf(counts) * bestBits < bestDiff * bits;
    }

    public double score(long[] candidate) {
        return scoreOf(distance(candidate));
    }

    public static double scoreOf(double distance) {
        return Math.clamp(100.0 * (1.0 - 2.0 * distance), 0.0, 100.0);
    }
}
