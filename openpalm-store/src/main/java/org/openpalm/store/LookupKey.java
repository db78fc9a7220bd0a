package org.openpalm.store;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * The HMAC-SHA-256 key of keyed look-up hashes (a phone number is found by its keyed hash, never
 * stored in plain). Apart from the data keys: a stolen hash cannot be tested against guesses
 * without it. Never printed.
 */
public record LookupKey(SecretKey key) {
    public LookupKey {
        Objects.requireNonNull(key, "key");
        if (key.getEncoded().length != 32) throw new IllegalArgumentException("look-up key must be 32 bytes");
    }

    @Override
    public String toString() {
        return "LookupKey[****]";
    }
}
