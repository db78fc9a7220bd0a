package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** A phone check of an enrolment in progress: {@code phc_} followed by 26 characters; opaque to clients. */
public record PhoneCheckId(String value) {
    public static final String PREFIX = "phc_";

    public PhoneCheckId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed PhoneCheckId");
    }

    public static PhoneCheckId random() {
        return new PhoneCheckId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<PhoneCheckId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new PhoneCheckId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
