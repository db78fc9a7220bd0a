package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code evt_} followed by 26 characters; opaque to clients. */
public record EventId(String value) {
    public static final String PREFIX = "evt_";

    public EventId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed EventId");
    }

    public static EventId random() {
        return new EventId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<EventId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new EventId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
