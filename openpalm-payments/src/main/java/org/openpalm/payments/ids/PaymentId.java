package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code pay_} followed by 26 characters; opaque to clients. */
public record PaymentId(String value) {
    public static final String PREFIX = "pay_";

    public PaymentId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed PaymentId");
    }

    public static PaymentId random() {
        return new PaymentId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<PaymentId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new PaymentId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
