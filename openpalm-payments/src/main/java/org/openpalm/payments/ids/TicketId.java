package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code tkt_} followed by 26 characters; opaque to clients. */
public record TicketId(String value) {
    public static final String PREFIX = "tkt_";

    public TicketId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed TicketId");
    }

    public static TicketId random() {
        return new TicketId(Ids.random(PREFIX));
    }

    public static Optional<TicketId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new TicketId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
