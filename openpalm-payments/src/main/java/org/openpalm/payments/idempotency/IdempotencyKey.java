package org.openpalm.payments.idempotency;

import java.util.Objects;
import org.openpalm.payments.Validated;

/** A client-chosen key (1 to 255 printable ASCII characters) naming one logical request. */
public record IdempotencyKey(String value) {
    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[\\x21-\\x7E]{1,255}")) throw new IllegalArgumentException("malformed idempotency key");
    }

    public static Validated<IdempotencyKey> parse(String text) {
        if (text == null || text.isEmpty()) return Validated.invalid("is required on every mutating request");
        if (!text.matches("[\\x21-\\x7E]{1,255}")) return Validated.invalid("must be 1 to 255 printable ASCII characters");
        return Validated.valid(new IdempotencyKey(text));
    }
}
