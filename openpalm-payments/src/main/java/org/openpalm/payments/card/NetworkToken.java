package org.openpalm.payments.card;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A network token standing in for a card number (EMVCo payment token): what is stored and charged.
 * Not a PAN but still sensitive; {@link #toString()} masks it.
 */
public final class NetworkToken {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{13,19}");

    private final String value;

    public NetworkToken(String value) {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) throw new IllegalArgumentException("a network token is 13 to 19 digits");
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkToken t && MessageDigest.isEqual(
                t.value.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "NetworkToken[****" + value.substring(value.length() - 4) + "]";
    }
}
