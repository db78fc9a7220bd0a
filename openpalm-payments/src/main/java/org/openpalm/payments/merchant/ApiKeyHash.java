package org.openpalm.payments.merchant;

import java.util.Objects;

/** Hex SHA-256 of an API key: what is stored and looked up. */
public record ApiKeyHash(String hex) {
    public ApiKeyHash {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a SHA-256 hex digest");
    }
}
