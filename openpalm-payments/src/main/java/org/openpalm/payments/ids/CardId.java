package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code card_} followed by 26 characters; opaque to clients. */
public record CardId(String value) {
    public static final String PREFIX = "card_";

    public CardId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed CardId");
    }

    public static CardId random() {
        return new CardId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<CardId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new CardId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
