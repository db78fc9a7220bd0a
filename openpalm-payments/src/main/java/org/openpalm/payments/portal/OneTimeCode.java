package org.openpalm.payments.portal;

import java.security.SecureRandom;
import java.util.Objects;

/** A six-digit sign-in code. Only its salted hash is stored; {@link #toString()} masks it. */
public final class OneTimeCode {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{6}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private final String digits;

    private OneTimeCode(String digits) {
        this.digits = digits;
    }

    public static OneTimeCode generate() {
        return new OneTimeCode(String.format("%06d", RANDOM.nextInt(1_000_000)));
    }

    /** A code as typed by the customer; empty unless it is six digits. */
    public static java.util.Optional<OneTimeCode> parse(String text) {
        return text != null && FORMAT.matcher(text).matches() ? java.util.Optional.of(new OneTimeCode(text)) : java.util.Optional.empty();
    }

    /** The digits, for the sender to deliver. */
    public String reveal() {
        return digits;
    }

    /** A fresh random salt (128 bits, hex) for {@link #saltedHash}. */
    public static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return java.util.HexFormat.of().formatHex(salt);
    }

    /**
     * What is stored of a code sent to a phone: SHA-256 (hex) over salt, phone and code, so the
     * code proves that phone only and is never kept.
     */
    public String saltedHash(String salt, org.openpalm.payments.customer.PhoneNumber phone) {
        return SessionToken.sha256Hex(salt + ":" + phone.e164() + ":" + digits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneTimeCode c && java.security.MessageDigest.isEqual(digits.getBytes(), c.digits.getBytes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(digits);
    }

    @Override
    public String toString() {
        return "OneTimeCode[******]";
    }
}
