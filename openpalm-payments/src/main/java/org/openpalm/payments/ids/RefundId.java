package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code ref_} followed by 26 characters; opaque to clients. */
public record RefundId(String value) {
    public static final String PREFIX = "ref_";

    public RefundId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed RefundId");
    }

    public static RefundId random() {
        return new RefundId(Ids.random(PREFIX));
    }

    /** The refund id for a client request (scope and idempotency key): a retried request gets the same id. */
    public static RefundId derivedFrom(String seed) {
        return new RefundId(Ids.derived(PREFIX, seed));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<RefundId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new RefundId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
