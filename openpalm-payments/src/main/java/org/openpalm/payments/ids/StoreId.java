package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code sto_} followed by 26 characters; opaque to clients. */
public record StoreId(String value) {
    public static final String PREFIX = "sto_";

    public StoreId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed StoreId");
    }

    public static StoreId random() {
        return new StoreId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<StoreId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new StoreId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
