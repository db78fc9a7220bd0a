package org.openpalm.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key-encrypting key given as base64 of 32 random bytes in {@code OPENPALM_KEK} (never in the
 * configuration file: a KEK beside the keys it protects protects nothing). Keys are wrapped with
 * AES-256-GCM, a random 96-bit nonce each, the key's line name as associated data. Make one with
 * {@code head -c 32 /dev/urandom | base64}.
 */
public final class EnvironmentKeyEncryption implements KeyEncryptionService {
    /** The environment variable holding the KEK. */
    public static final String VARIABLE = "OPENPALM_KEK";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey kek;
    private final String keyId;

    private EnvironmentKeyEncryption(byte[] key) {
        this.kek = new SecretKeySpec(key, "AES");
        this.keyId = idOf(key);
    }

    /** The KEK of {@code OPENPALM_KEK} when set; a value that is not base64 of 32 bytes is refused with the reason. */
    public static Optional<KeyEncryptionService> fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) return Optional.empty();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " must be base64 of 32 random bytes (head -c 32 /dev/urandom | base64): not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(VARIABLE + " must be base64 of 32 random bytes (head -c 32 /dev/urandom | base64): got " + key.length + " bytes");
        }
        return Optional.of(of(key));
    }

    /** A KEK of 32 bytes (copied). */
    public static KeyEncryptionService of(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("a key-encrypting key is 32 bytes, got " + key.length);
        return new EnvironmentKeyEncryption(key.clone());
    }

    /** First 8 bytes of SHA-256 over a domain label and the key: names the key, reveals nothing of it. */
    private static String idOf(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("openpalm-kek-id\n".getBytes(StandardCharsets.US_ASCII));
            return "kek-" + HexFormat.of().formatHex(Arrays.copyOf(sha.digest(key), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] wrap(byte[] key, String label) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrapping failed", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, String label) throws KeyUnwrapException {
        if (wrapped.length <= NONCE_BYTES) throw new KeyUnwrapException("wrapped key of " + label + " is too short", null);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new KeyUnwrapException("wrapped key of " + label + " failed authentication (another key-encrypting key, or altered)", e);
        }
    }

    @Override
    public String toString() {
        return "EnvironmentKeyEncryption[" + keyId + ", ****]";
    }
}
