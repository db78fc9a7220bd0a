package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code ter_} followed by 26 characters; opaque to clients. */
public record TerminalId(String value) {
    public static final String PREFIX = "ter_";

    public TerminalId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed TerminalId");
    }

    public static TerminalId random() {
        return new TerminalId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<TerminalId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new TerminalId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
