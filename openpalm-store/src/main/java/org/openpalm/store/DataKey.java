package org.openpalm.store;

import java.util.Objects;
import javax.crypto.SecretKey;

/** A 256-bit AES key and the id stored beside everything it encrypts. Never printed. */
public record DataKey(String id, SecretKey key) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public DataKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        if (!FORMAT.matcher(id).matches()) throw new IllegalArgumentException("key id must be 1..64 of [A-Za-z0-9_.-]");
        if (key.getEncoded().length != 32) throw new IllegalArgumentException("AES-256 key must be 32 bytes");
    }

    @Override
    public String toString() {
        return "DataKey[" + id + ", ****]";
    }
}
