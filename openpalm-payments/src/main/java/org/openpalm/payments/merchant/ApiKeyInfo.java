package org.openpalm.payments.merchant;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a merchant may see of one of its API keys: never the key, only an id derived from its hash,
 * the first characters of the key (to tell keys apart), when it was made and whether it is revoked.
 *
 * @param id            {@code key_} and the first 16 hex digits of the key's SHA-256
 * @param displayPrefix the key's first 8 characters, when recorded (keys made at onboarding have none)
 */
public record ApiKeyInfo(String id, Optional<String> displayPrefix, Instant createdAt, Optional<Instant> revokedAt) {
    public static final String ID_PREFIX = "key_";
    public static final int DISPLAY_PREFIX_LENGTH = 8;

    public ApiKeyInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayPrefix, "displayPrefix");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (!isWellFormedId(id)) throw new IllegalArgumentException("malformed API key id");
    }

    /** The id of the key with this hash. */
    public static String idOf(ApiKeyHash hash) {
        return ID_PREFIX + hash.hex().substring(0, 16);
    }

    public static boolean isWellFormedId(String text) {
        return text != null && text.matches(ID_PREFIX + "[0-9a-f]{16}");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
