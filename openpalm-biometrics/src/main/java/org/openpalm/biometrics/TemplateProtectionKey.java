package org.openpalm.biometrics;

import java.security.SecureRandom;
import java.util.Arrays;
import org.openpalm.biometrics.engine.index.CoarseCode;
import org.openpalm.biometrics.engine.protect.CodeTransform;

/**
 * The secret of one deployment's template protection (ISO/IEC 24745: irreversible, unlinkable,
 * renewable templates): 32 random bytes from which a keyed transform of the palm code is derived
 * (a secret permutation of the code cells and a secret bit mask; see {@link ProtectedTemplate}).
 *
 * <p>Templates are stored and indexed only as {@link #protect protected} forms. Two deployments
 * with different keys store unrelated bits for the same palm (unlinkable); a new key re-protects
 * every stored template without the palm being presented again ({@link ProtectedTemplate#reprotect},
 * renewable). Irreversibility rests on this key staying secret: it is a keyed transform, so whoever
 * holds the key can invert it; without the key the stored form reveals no code bit.
 *
 * <p>{@link #toString()} shows only the {@link #id()}, never the key.
 */
public final class TemplateProtectionKey {
    public static final int KEY_BYTES = 32;

    private final byte[] key;
    private final CodeTransform transform;

    private TemplateProtectionKey(byte[] key) {
        this.key = key;
        this.transform = new CodeTransform(key);
    }

    /** The key made from 32 secret bytes (e.g. read back from a key file). */
    public static TemplateProtectionKey of(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a template protection key is " + KEY_BYTES + " bytes");
        }
        return new TemplateProtectionKey(key.clone());
    }

    /** A fresh random key. */
    public static TemplateProtectionKey generate() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new TemplateProtectionKey(key);
    }

    /** Public name of the key (16 hex digits, derived one-way from it): stored beside every protected template. */
    public String id() {
        return transform.keyId();
    }

    /** The 32 secret bytes, to write to a key store; never log them. */
    public byte[] toBytes() {
        return key.clone();
    }

    /** The template in protected form under this key. */
    public ProtectedTemplate protect(PalmTemplate template) {
        long[] fine = new long[template.packed().length];
        transform.protectFine(template.packed(), 0, fine, 0);
        long[] coarse = new long[CoarseCode.LONGS];
        CoarseCode.gallery(template.code(), coarse, 0);
        transform.protectCoarseCode(coarse, 0);
        return new ProtectedTemplate(id(), fine, coarse);
    }

    /**
     * The plain template back from its protected form: for the holder of the key only, e.g. a
     * store that keeps templates protected at rest and hands them to a matcher in the same trust
     * domain as this key. Without the key this is impossible; that is the irreversibility claim.
     *
     * @throws IllegalArgumentException the template is protected with another key
     */
    public PalmTemplate recover(ProtectedTemplate template) {
        template.requireKey(this);
        long[] plain = new long[template.fine().length];
        transform.unprotectFine(template.fine(), 0, plain, 0);
        return PalmTemplate.of(org.openpalm.biometrics.engine.PackedCode.unpack(plain, 0));
    }

    CodeTransform transform() {
        return transform;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateProtectionKey other && Arrays.equals(other.key, key);
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return "TemplateProtectionKey[" + id() + ", masked]";
    }
}
