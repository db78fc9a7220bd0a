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
 * code planes are then XORed with a secret 3072-bit mask. For any two codes {@code a, b}:
 * {@code T(a) ^ T(b) = P(a ^ b)} and {@code valid(T(a)) & valid(T(b)) = P(valid(a) & valid(b))}, so
 * the masked Hamming distance and the overlap count are exactly those of the plain codes.
 *
 * <p>The permutation keeps each cell within its row-pair parity class (cells of even row pairs go
 * to even row pairs, odd to odd): {@code ShiftMatcher} first ranks translations on the even row
 * pairs only, and that half-code distance must be preserved too for every search decision, and so
 * every score, to be identical bit for bit. Each class still has 512! orders.
 *
 * <p><b>Coarse code</b> (8 longs, no cell structure needed: the probe mask covers bits one by one):
 * a secret permutation of the 512 bits, then XOR with a secret mask on the code (not on the probe
 * mask, which is only permuted). Coarse distances are preserved exactly as well.
 *
 * <p>Everything is derived from a 256-bit key with {@link KeyedStream} (HMAC-SHA256 counter mode)
 * and Fisher-Yates, so one key always gives one transform.
 */
public final class CodeTransform {
    private static final int CELLS = PackedCode.ROW_PAIRS * 64;
    private static final int COARSE_BITS = CoarseCode.LONGS * 64;

    private final int[] fineTarget = new int[CELLS];
    private final int[] fineSource = new int[CELLS];
    private final long[] fineMask = new long[PackedCode.LONGS];
    private final int[] coarseTarget = new int[COARSE_BITS];
    private final int[] coarseSource = new int[COARSE_BITS];
    private final long[] coarseMask = new long[CoarseCode.LONGS];
    private final String keyId;

    public CodeTransform(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("the transform key is 32 bytes, got " + key.length);
        for (int parity = 0; parity < 2; parity++) {
            int[] cells = new int[CELLS / 2];
            int n = 0;
            for (int pair = parity; pair < PackedCode.ROW_PAIRS; pair += 2) {
                for (int b = 0; b < 64; b++) cells[n++] = pair * 64 + b;
            }
            int[] shuffled = cells.clone();
            new KeyedStream(key, "openpalm/template-protection/v1/fine-permutation/" + parity).shuffle(shuffled);
            for (int i = 0; i < cells.length; i++) {
                fineTarget[cells[i]] = shuffled[i];
                fineSource[shuffled[i]] = cells[i];
            }
        }
        KeyedStream fineBits = new KeyedStream(key, "openpalm/template-protection/v1/fine-mask");
        for (int i = 0; i < PackedCode.LONGS; i++) fineMask[i] = i % 4 == 3 ? 0 : fineBits.nextLong();
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

    /** Writes T(src[srcOffset ..]) to dst[dstOffset ..] (64 longs each; the ranges must not overlap). */
    public void protectFine(long[] src, int srcOffset, long[] dst, int dstOffset) {
        permuteCells(src, srcOffset, dst, dstOffset, fineTarget);
        for (int i = 0; i < PackedCode.LONGS; i++) dst[dstOffset + i] ^= fineMask[i];
    }

    /** The inverse: writes T^-1(src[srcOffset ..]) to dst[dstOffset ..] (ranges must not overlap). */
    public void unprotectFine(long[] src, int srcOffset, long[] dst, int dstOffset) {
        long[] unmasked = new long[PackedCode.LONGS];
        for (int i = 0; i < PackedCode.LONGS; i++) unmasked[i] = src[srcOffset + i] ^ fineMask[i];
        permuteCells(unmasked, 0, dst, dstOffset, fineSource);
    }

    /** Protects {@code count} consecutive codes in place (e.g. a probe's precomputed alignments). */
    public void protectFineInPlace(long[] codes, int offset, int count) {
        long[] plain = new long[PackedCode.LONGS];
        for (int k = 0; k < count; k++) {
            int at = offset + k * PackedCode.LONGS;
            System.arraycopy(codes, at, plain, 0, PackedCode.LONGS);
            protectFine(plain, 0, codes, at);
        }
    }

    private static void permuteCells(long[] src, int srcOffset, long[] dst, int dstOffset, int[] target) {
        java.util.Arrays.fill(dst, dstOffset, dstOffset + PackedCode.LONGS, 0L);
        for (int pair = 0; pair < PackedCode.ROW_PAIRS; pair++) {
            for (int plane = 0; plane < 4; plane++) {
                long v = src[srcOffset + 4 * pair + plane];
                while (v != 0) {
                    int b = Long.numberOfTrailingZeros(v);
                    v &= v - 1;
                    int t = target[pair * 64 + b];
                    dst[dstOffset + 4 * (t >>> 6) + plane] |= 1L << t;
                }
            }
        }
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
