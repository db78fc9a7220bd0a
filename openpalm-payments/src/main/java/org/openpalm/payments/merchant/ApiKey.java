package org.openpalm.payments.merchant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A merchant API key: {@code opk_} and 43 random base64url characters (256 bits). Shown to the
 * merchant once; only its SHA-256 ({@link #hash()}) is stored. {@link #toString()} masks it.
 */
public final class ApiKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PREFIX = "opk_";
    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    public static ApiKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKey(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Wraps a presented key (from a request header). */
    public static ApiKey presented(String secret) {
        return new ApiKey(Objects.requireNonNull(secret, "secret"));
    }

    /** The secret, for showing to the merchant once at creation. */
    public String reveal() {
        return secret;
    }

    public ApiKeyHash hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new ApiKeyHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && MessageDigest.isEqual(
                k.secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + PREFIX + "****]";
    }
}
