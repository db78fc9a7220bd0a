package org.openpalm.biometrics.engine.protect;

import java.util.HexFormat;
import org.openpalm.biometrics.engine.PackedCode;
import org.openpalm.biometrics.engine.index.CoarseCode;

/**
 * The keyed, invertible transform of packed codes that protected templates are stored in: a
 * secret permutation of the cells followed by XOR with a secret bit mask on the code planes.
 *
 * <p><b>Fine code</b> ({@link PackedCode} layout, 16 row pairs x 64 cells x 4 planes). Each cell
 * keeps its 3 code bits and its validity bit together and moves to a secret other cell; the three
 * code planes are then XORed with a secret 3072-bit mask.
 *
 * <p>The cell permutation is a keyed Benes network: 17 stages of conditional swaps (6 bit
 * distances inside a 64-cell row pair, 3 distances between row pairs, and back), each swap on or
 * off by a secret key bit (4352 bits in all). Every cell can reach every position of its class.
 * It is not a uniformly drawn permutation, but it is branch-free word arithmetic on all four
 * planes at once: protecting the 343 aligned copies of a probe costs well under a millisecond,
 * where a cell-by-cell scatter (Fisher-Yates table) cost about 5 ms and doubled 1:N latency. For any two codes {@code a, b}:
 * {@code T(a) ^ T(b) = P(a ^ b)} and {@code valid(T(a)) & valid(T(b)) = P(valid(a) & valid(b))}, so
 * the masked Hamming distance and the overlap count are exactly those of the plain codes.
 *
 * <p>The permutation keeps each cell within its row-pair parity class (cells of even row pairs go
 * to even row pairs, odd to odd): {@code ShiftMatcher} first ranks translations on the even row
 * pairs only, and that half-code distance must be preserved too for every search decision, and so
 * every score, to be identical bit for bit.
 *
 * <p><b>Coarse code</b> (8 longs, no cell structure needed: the probe mask covers bits one by one):
 * a secret permutation of the 512 bits, then XOR with a secret mask on the code (not on the probe
 * mask, which is only permuted). Coarse distances are preserved exactly as well.
 *
 * <p>Everything is derived from a 256-bit key with {@link KeyedStream} (HMAC-SHA256 counter mode;
 * Fisher-Yates for the coarse permutation), so one key always gives one transform.
 */
public final class CodeTransform {
    private static final int COARSE_BITS = CoarseCode.LONGS * 64;

    /** Swap distances of the network: 1..32 are bit distances in a long, -2, -4, -8 row-pair distances. */
    private static final int[] STAGE_DISTANCE = {1, 2, 4, 8, 16, 32, -2, -4, -8, -4, -2, 32, 16, 8, 4, 2, 1};
    /**
     * Switch masks per stage and long of a packed code: each row pair's mask repeated for its 4
     * planes (for row-pair stages, on the lower pair of each swapped two), for {@link #swapStage}.
     */
    private final long[][] wordMasks = new long[STAGE_DISTANCE.length][PackedCode.LONGS];
    private final long[] fineMask = new long[PackedCode.LONGS];
    /** {@link #wordMasks} and {@link #fineMask} of the row pairs of one parity, gathered (pair 2k + parity at 4k). */
    private final long[][][] halfMasks = new long[2][STAGE_DISTANCE.length][PackedCode.LONGS / 2];
    private final long[][] halfFineMask = new long[2][PackedCode.LONGS / 2];
    private final int[] coarseTarget = new int[COARSE_BITS];
    private final int[] coarseSource = new int[COARSE_BITS];
    private final long[] coarseMask = new long[CoarseCode.LONGS];
    private final String keyId;

    public CodeTransform(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("the transform key is 32 bytes, got " + key.length);
        KeyedStream switches = new KeyedStream(key, "openpalm/template-protection/v1/fine-permutation");
        for (int stage = 0; stage < STAGE_DISTANCE.length; stage++) {
            int d = STAGE_DISTANCE[stage];
            for (int pair = 0; pair < PackedCode.ROW_PAIRS; pair++) {
                long bits = switches.nextLong();
                // A swap at bit distance d pairs position q (bit d of q clear) with q + d; at row-pair
                // distance D, pair i (bit D of i clear) with i + D. D is even: row-pair parity is kept.
                long mask = d > 0 ? bits & lowerOfPairs(d) : ((pair & -d) == 0 ? bits : 0L);
                java.util.Arrays.fill(wordMasks[stage], 4 * pair, 4 * pair + 4, mask);
            }
        }
        KeyedStream fineBits = new KeyedStream(key, "openpalm/template-protection/v1/fine-mask");
        for (int i = 0; i < PackedCode.LONGS; i++) fineMask[i] = i % 4 == 3 ? 0 : fineBits.nextLong();
        for (int parity = 0; parity < 2; parity++) {
            for (int k = 0; k < PackedCode.ROW_PAIRS / 2; k++) {
                for (int plane = 0; plane < 4; plane++) {
                    int from = 4 * (2 * k + parity) + plane;
                    for (int stage = 0; stage < STAGE_DISTANCE.length; stage++) halfMasks[parity][stage][4 * k + plane] = wordMasks[stage][from];
                    halfFineMask[parity][4 * k + plane] = fineMask[from];
                }
            }
        }
        int[] bits = new int[COARSE_BITS];
        for (int i = 0; i < bits.length; i++) bits[i] = i;
        new KeyedStream(key, "openpalm/template-protection/v1/coarse-permutation").shuffle(bits);
        for (int i = 0; i < bits.length; i++) {
            coarseTarget[i] = bits[i];
            coarseSource[bits[i]] = i;
        }
        KeyedStream coarseBits = new KeyedStream(key, "openpalm/template-protection/v1/coarse-mask");
        for (int i = 0; i < CoarseCode.LONGS; i++) coarseMask[i] = coarseBits.nextLong();
        this.keyId = HexFormat.of().formatHex(new KeyedStream(key, "openpalm/template-protection/v1/key-id").bytes(8));
    }

    /**
     * The key's public name: 16 hex digits derived from the key one-way, so it identifies the key
     * without revealing it.
     */
    public String keyId() {
        return keyId;
    }

    /** Writes T(src[srcOffset ..]) to dst[dstOffset ..] (64 longs each). */
    public void protectFine(long[] src, int srcOffset, long[] dst, int dstOffset) {
        System.arraycopy(src, srcOffset, dst, dstOffset, PackedCode.LONGS);
        protectFineInPlace(dst, dstOffset, 1);
    }

    /** The inverse: writes T^-1(src[srcOffset ..]) to dst[dstOffset ..]; each swap stage undoes itself, run backwards. */
    public void unprotectFine(long[] src, int srcOffset, long[] dst, int dstOffset) {
        long[] w = new long[PackedCode.LONGS];
        System.arraycopy(src, srcOffset, w, 0, PackedCode.LONGS);
        for (int i = 0; i < PackedCode.LONGS; i++) w[i] ^= fineMask[i];
        for (int stage = STAGE_DISTANCE.length - 1; stage >= 0; stage--) swapStage(w, stage);
        System.arraycopy(w, 0, dst, dstOffset, PackedCode.LONGS);
    }

    /**
     * Protects {@code count} consecutive codes in place (e.g. a probe's precomputed alignments).
     * Each code is transformed in a scratch array of its own: loops that read and write one index
     * of arrays that all start at 0 are the ones C2 turns into vector instructions.
     */
    public void protectFineInPlace(long[] codes, int offset, int count) {
        protectFineInPlace(codes, offset, count, new long[PackedCode.LONGS]);
    }

    /** As {@link #protectFineInPlace(long[], int, int)} with a caller's scratch array of {@link PackedCode#LONGS}. */
    public void protectFineInPlace(long[] codes, int offset, int count, long[] w) {
        for (int k = 0; k < count; k++) {
            int at = offset + k * PackedCode.LONGS;
            System.arraycopy(codes, at, w, 0, PackedCode.LONGS);
            for (int stage = 0; stage < STAGE_DISTANCE.length; stage++) swapStage(w, stage);
            for (int i = 0; i < PackedCode.LONGS; i++) w[i] ^= fineMask[i];
            System.arraycopy(w, 0, codes, at, PackedCode.LONGS);
        }
    }

    /**
     * Protects the row pairs of one parity of the code at {@code codes[at ..]} in place (0: even
     * row pairs, 1: odd), leaving the others as they are. The network never moves a cell to a row
     * pair of the other parity, so the two halves are independent: protecting the even half and
     * then the odd half gives {@link #protectFineInPlace} exactly. The first pass of the shift
     * search reads the even row pairs of every translation only, and only a few translations are
     * ever read whole.
     */
    public void protectFineRowPairs(long[] codes, int at, int parity, long[] w) {
        // The half is gathered into 32 contiguous longs (row pair 2k + parity -> k), where the
        // network is the same loops as on a whole code with row-pair distances halved: loops the
        // JIT vectorises, as in swapStage.
        int half = PackedCode.LONGS / 2;
        for (int k = 0; k < half / 4; k++) System.arraycopy(codes, at + 4 * (2 * k + parity), w, 4 * k, 4);
        long[][] masks = halfMasks[parity];
        for (int stage = 0; stage < STAGE_DISTANCE.length; stage++) {
            int d = STAGE_DISTANCE[stage];
            long[] m = masks[stage];
            if (d > 0) {
                for (int i = 0; i < half; i++) {
                    long x = w[i];
                    long t = ((x >>> d) ^ x) & m[i];
                    w[i] = x ^ t ^ (t << d);
                }
            } else {
                int span = 2 * -d; // 4 longs per pair, -d / 2 pairs apart in the gathered half
                for (int lo = 0; lo < half; lo += 2 * span) {
                    for (int i = lo; i < lo + span; i++) {
                        long t = (w[i] ^ w[i + span]) & m[i];
                        w[i] ^= t;
                        w[i + span] ^= t;
                    }
                }
            }
        }
        long[] mask = halfFineMask[parity];
        for (int k = 0; k < half / 4; k++) {
            int to = at + 4 * (2 * k + parity);
            for (int plane = 0; plane < 4; plane++) codes[to + plane] = w[4 * k + plane] ^ mask[4 * k + plane];
        }
    }

    /**
     * One network stage on the 4 planes of every row pair: the same swaps for a cell's 4 bits.
     * The switch masks are held per long (a row pair's mask repeated for its 4 planes), so a
     * stage within longs is one pass of delta swaps over 64 longs with no per-pair branching,
     * which the JIT turns into vector instructions: the aligned copies of every probe go through here.
     */
    private void swapStage(long[] w, int stage) {
        int d = STAGE_DISTANCE[stage];
        long[] m = wordMasks[stage];
        if (d > 0) {
            for (int i = 0; i < PackedCode.LONGS; i++) {
                long x = w[i];
                long t = ((x >>> d) ^ x) & m[i];
                w[i] = x ^ t ^ (t << d);
            }
        } else {
            // Row pairs [2Db, 2Db + D) swap with the D pairs above them: 4D contiguous longs each.
            int span = 4 * -d;
            for (int lo = 0; lo < PackedCode.LONGS; lo += 2 * span) {
                for (int i = lo; i < lo + span; i++) {
                    long t = (w[i] ^ w[i + span]) & m[i];
                    w[i] ^= t;
                    w[i + span] ^= t;
                }
            }
        }
    }

    /** Bit positions q with bit {@code d} of q clear: the lower position of each pair a swap at distance d exchanges. */
    private static long lowerOfPairs(int d) {
        long mask = 0;
        for (int q = 0; q < 64; q++) if ((q & d) == 0) mask |= 1L << q;
        return mask;
    }

    /** Protects a coarse code (gallery or probe side) in place. */
    public void protectCoarseCode(long[] code, int offset) {
        permuteBits(code, offset, coarseTarget);
        for (int i = 0; i < CoarseCode.LONGS; i++) code[offset + i] ^= coarseMask[i];
    }

    /** The inverse of {@link #protectCoarseCode}, in place. */
    public void unprotectCoarseCode(long[] code, int offset) {
        for (int i = 0; i < CoarseCode.LONGS; i++) code[offset + i] ^= coarseMask[i];
        permuteBits(code, offset, coarseSource);
    }

    /** A probe's coarse mask moves with its code but is not XORed: it selects bits, it holds none. */
    public void protectCoarseMask(long[] mask, int offset) {
        permuteBits(mask, offset, coarseTarget);
    }

    private static void permuteBits(long[] code, int offset, int[] target) {
        long[] out = new long[CoarseCode.LONGS];
        for (int i = 0; i < CoarseCode.LONGS; i++) {
            long v = code[offset + i];
            while (v != 0) {
                int b = Long.numberOfTrailingZeros(v);
                v &= v - 1;
                int t = target[i * 64 + b];
                out[t >>> 6] |= 1L << t;
            }
        }
        System.arraycopy(out, 0, code, offset, CoarseCode.LONGS);
    }

    @Override
    public String toString() {
        return "CodeTransform[key " + keyId + "]";
    }
}
