package org.openpalm.payments.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/** A portal session token (256 random bits, base64url). Only its SHA-256 is stored; {@link #toString()} masks it. */
public final class SessionToken {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String value;

    private SessionToken(String value) {
        this.value = value;
    }

    public static SessionToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SessionToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Wraps a token presented in a cookie. */
    public static SessionToken presented(String value) {
        return new SessionToken(Objects.requireNonNull(value, "value"));
    }

    /** For the Set-Cookie header only. */
    public String reveal() {
        return value;
    }

    /** SHA-256 hex: what the store keeps and looks up. */
    public String hash() {
        return sha256Hex(value);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SessionToken[****]";
    }
}
