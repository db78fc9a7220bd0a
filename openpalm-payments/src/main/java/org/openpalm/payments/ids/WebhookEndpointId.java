package org.openpalm.payments.ids;

import java.util.Objects;
import java.util.Optional;

/** Identifier of the form {@code whe_} followed by 26 characters; opaque to clients. */
public record WebhookEndpointId(String value) {
    public static final String PREFIX = "whe_";

    public WebhookEndpointId {
        Objects.requireNonNull(value, "value");
        if (!Ids.wellFormed(PREFIX, value)) throw new IllegalArgumentException("malformed WebhookEndpointId");
    }

    public static WebhookEndpointId random() {
        return new WebhookEndpointId(Ids.random(PREFIX));
    }

    /** Parses client input; empty when it is not a well-formed id. */
    public static Optional<WebhookEndpointId> parse(String text) {
        return Ids.wellFormed(PREFIX, text) ? Optional.of(new WebhookEndpointId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
