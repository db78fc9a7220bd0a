package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code cus_} followed by 26 characters; opaque to clients. */
public record CustomerId(String value) {
    public static final String PREFIX = "cus_";

    public CustomerId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed CustomerId");
    }

    public static CustomerId random() {
        return new CustomerId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<CustomerId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new CustomerId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
