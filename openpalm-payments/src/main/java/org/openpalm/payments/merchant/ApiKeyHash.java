package org.openpalm.payments.merchant;

import java.util.Objects;

/** Hex SHA-256 of an API key: what is stored and looked up. */
public record ApiKeyHash(String hex) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public ApiKeyHash {
        Objects.requireNonNull(hex, "hex");
        if (!FORMAT.matcher(hex).matches()) throw new IllegalArgumentException("not a SHA-256 hex digest");
    }
}
