package org.openpalm.biometrics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.openpalm.biometrics.engine.PackedCode;
import org.openpalm.biometrics.engine.index.CoarseCode;

/**
 * A palm template in protected form, the only form in which templates are stored and indexed:
 * {@code T_k(code)}, a keyed transform of the palm code under a {@link TemplateProtectionKey}.
 *
 * <p><b>The transform.</b> The 32 x 32 cells of the code (3 orientation bits and a validity bit
 * each) are moved by a secret permutation (a keyed Benes network of cell swaps), then the orientation bits are XORed with a secret mask;
 * the 64-byte coarse code of the 1:N index is protected the same way (its own permutation and
 * mask). Both are derived from the key (HMAC-SHA256 counter mode).
 *
 * <p><b>Why matching is unchanged.</b> For codes a and b, {@code T(a) xor T(b)} is the permuted
 * {@code a xor b}, so masked Hamming distances and overlaps are preserved exactly. The gallery is
 * never transformed back: the fresh probe (transient, never stored) is aligned by the matcher for
 * each translation and rotation it tries, and each aligned copy is protected with the same key
 * and compared with the protected gallery code. The scores are those of plain matching, bit for
 * bit (a property test checks it), so error rates do not move. A plain cell permutation of the
 * stored code alone would not work: translating or rotating a permuted code is meaningless, which
 * is why the alignment happens on the probe before its protection.
 *
 * <p><b>What it protects against.</b> Without the key the stored bits are uniformly masked and
 * scrambled: they reveal no code bit, and two deployments' templates of one palm are unrelated.
 * With the key the transform is invertible (that is what makes re-protection under a new key
 * possible without re-enrolment), so the key must be kept apart from the templates.
 *
 * <p>Serialized form, version 1 (596 bytes, big-endian):
 * <pre>
 *   0   4  magic "OPTP"
 *   4   1  format version (1)
 *   5   3  reserved, 0
 *   8   8  key id ({@link TemplateProtectionKey#id()}, 16 hex digits as 8 bytes)
 *  16 512  protected fine code (64 longs)
 * 528  64  protected coarse code (8 longs)
 * 592   4  CRC-32C of bytes 0..591
 * </pre>
 * {@link #toString()} never shows the content.
 */
public final class ProtectedTemplate {
    public static final int MAGIC = 0x4F505450; // "OPTP"
    public static final int VERSION = 1;
    public static final int SIZE_BYTES = 16 + 8 * PackedCode.LONGS + 8 * CoarseCode.LONGS + 4;

    private final String keyId;
    private final long[] fine;
    private final long[] coarse;

    ProtectedTemplate(String keyId, long[] fine, long[] coarse) {
        this.keyId = keyId;
        this.fine = fine;
        this.coarse = coarse;
    }

    /** The id of the key this template is protected with. */
    public String keyId() {
        return keyId;
    }

    /**
     * Renewal: the same palm protected under {@code to} instead of {@code from}, computed as
     * {@code T_to(T_from^-1(x))} with no palm image. The plain code exists only inside this call.
     *
     * @throws IllegalArgumentException {@code from} is not the key this template is protected with
     */
    public ProtectedTemplate reprotect(TemplateProtectionKey from, TemplateProtectionKey to) {
        requireKey(from);
        long[] plainFine = new long[PackedCode.LONGS];
        from.transform().unprotectFine(fine, 0, plainFine, 0);
        long[] newFine = new long[PackedCode.LONGS];
        to.transform().protectFine(plainFine, 0, newFine, 0);
        Arrays.fill(plainFine, 0L);
        long[] newCoarse = coarse.clone();
        from.transform().unprotectCoarseCode(newCoarse, 0);
        to.transform().protectCoarseCode(newCoarse, 0);
        return new ProtectedTemplate(to.id(), newFine, newCoarse);
    }

    /**
     * The matcher's score for two stored protected templates compared directly, the first taken as
     * the probe (with the full translation and rotation search), as someone holding two databases
     * would link them. Used by the unlinkability evaluation: under two different keys it scores
     * like two unrelated palms, mated or not.
     */
    public static double crossMatchScore(ProtectedTemplate first, ProtectedTemplate second) {
        return crossMatchScores(first, java.util.List.of(second))[0];
    }

    /** {@link #crossMatchScore} of {@code first} with each of {@code others}, the probe prepared once. */
    public static double[] crossMatchScores(ProtectedTemplate first, java.util.List<ProtectedTemplate> others) {
        var matcher = new org.openpalm.biometrics.engine.ShiftMatcher(PackedCode.unpack(first.fine, 0),
                org.openpalm.biometrics.engine.EngineConfig.DEFAULT);
        double[] scores = new double[others.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = matcher.score(others.get(i).fine);
        return scores;
    }

    void requireKey(TemplateProtectionKey key) {
        if (!key.id().equals(keyId)) {
            throw new IllegalArgumentException("template is protected with key " + keyId + ", not " + key.id());
        }
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(SIZE_BYTES);
        out.putInt(MAGIC).put((byte) VERSION).put((byte) 0).put((byte) 0).put((byte) 0);
        out.put(HexFormat.of().parseHex(keyId));
        for (long v : fine) out.putLong(v);
        for (long v : coarse) out.putLong(v);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, SIZE_BYTES - 4);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** Parses {@link #toBytes()} output; refuses truncated, corrupt or foreign bytes (a plain template among them). */
    public static ProtectedTemplate fromBytes(byte[] bytes) throws TemplateFormatException {
        if (bytes == null || bytes.length < 8) {
            throw new TemplateFormatException("protected template too short: " + (bytes == null ? 0 : bytes.length) + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new TemplateFormatException("not an OpenPalm protected template (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new TemplateFormatException("unsupported protected template version " + version + ", this build reads " + VERSION);
        }
        if (bytes.length != SIZE_BYTES) {
            throw new TemplateFormatException("protected template version 1 is " + SIZE_BYTES + " bytes, got " + bytes.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE_BYTES - 4);
        if (ByteBuffer.wrap(bytes, SIZE_BYTES - 4, 4).getInt() != (int) crc.getValue()) {
            throw new TemplateFormatException("protected template checksum mismatch: the bytes are corrupt");
        }
        if (in.get() != 0 || in.get() != 0 || in.get() != 0) throw new TemplateFormatException("reserved header bytes are not 0");
        byte[] id = new byte[8];
        in.get(id);
        long[] fine = new long[PackedCode.LONGS];
        for (int i = 0; i < fine.length; i++) fine[i] = in.getLong();
        long[] coarse = new long[CoarseCode.LONGS];
        for (int i = 0; i < coarse.length; i++) coarse[i] = in.getLong();
        return new ProtectedTemplate(HexFormat.of().formatHex(id), fine, coarse);
    }

    long[] fine() {
        return fine;
    }

    long[] coarse() {
        return coarse;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectedTemplate other && other.keyId.equals(keyId)
                && Arrays.equals(other.fine, fine) && Arrays.equals(other.coarse, coarse);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(fine);
    }

    @Override
    public String toString() {
        return "ProtectedTemplate[key " + keyId + ", masked]";
    }
}
