package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code enr_} followed by 26 characters; opaque to clients. */
public record EnrolmentId(String value) {
    public static final String PREFIX = "enr_";

    public EnrolmentId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed EnrolmentId");
    }

    public static EnrolmentId random() {
        return new EnrolmentId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<EnrolmentId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new EnrolmentId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
