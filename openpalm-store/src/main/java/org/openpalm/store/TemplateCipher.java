package org.openpalm.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for palm templates: a random 96-bit nonce per row, 128-bit tag, and the row's
 * identity (enrolment id and sequence) as associated data, so a ciphertext moved to another row
 * does not decrypt.
 */
public final class TemplateCipher {
    /** Encrypted bytes with the key id and nonce needed to open them. */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {}

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final KeyProvider keys;
    private final SecureRandom random = new SecureRandom();

    public TemplateCipher(KeyProvider keys) {
        this.keys = keys;
    }

    public Sealed seal(byte[] plaintext, String associatedData) {
        DataKey key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new Sealed(key.id(), nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Throws {@link StoreException} when the key is unknown or the data was altered. */
    public byte[] open(Sealed sealed, String associatedData) {
        DataKey key = keys.byId(sealed.keyId())
                .orElseThrow(() -> new StoreException("template key " + sealed.keyId() + " is not available", null));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new StoreException("template failed authentication (altered, or wrong key)", e);
        }
    }
}
