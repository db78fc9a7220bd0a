package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code mer_} followed by 26 characters; opaque to clients. */
public record MerchantId(String value) {
    public static final String PREFIX = "mer_";

    public MerchantId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed MerchantId");
    }

    public static MerchantId random() {
        return new MerchantId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<MerchantId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new MerchantId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
