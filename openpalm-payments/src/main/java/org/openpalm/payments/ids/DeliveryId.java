package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code dlv_} followed by 26 characters; opaque to clients. */
public record DeliveryId(String value) {
    public static final String PREFIX = "dlv_";

    public DeliveryId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed DeliveryId");
    }

    public static DeliveryId random() {
        return new DeliveryId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<DeliveryId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new DeliveryId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
