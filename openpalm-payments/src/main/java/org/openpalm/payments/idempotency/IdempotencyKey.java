package org.openpalm.payments.idempotency;

import java.util.Objects;
import org.openpalm.payments.Validated;

/** A client-chosen key (1 to 255 printable ASCII characters) naming one logical request. */
public record IdempotencyKey(String value) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,255}");

    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) throw new IllegalArgumentException("malformed idempotency key");
    }

    public static Validated<IdempotencyKey> parse(String text) {
        if (text == null || text.isEmpty()) return Validated.invalid("is required on every mutating request");
        if (!FORMAT.matcher(text).matches()) return Validated.invalid("must be 1 to 255 printable ASCII characters");
        return Validated.valid(new IdempotencyKey(text));
    }
}
