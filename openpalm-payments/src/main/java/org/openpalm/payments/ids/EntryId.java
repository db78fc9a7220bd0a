package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code ent_} followed by 26 characters; opaque to clients. */
public record EntryId(String value) {
    public static final String PREFIX = "ent_";

    public EntryId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed EntryId");
    }

    public static EntryId random() {
        return new EntryId(Ids.random(PREFIX));
    }

    public static Optional<EntryId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new EntryId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
