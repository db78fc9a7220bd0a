package org.openpalm.payments.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.DeliveryId;

/**
 * One event to one endpoint. The body is fixed at the first attempt so every retry sends the
 * same bytes.
 */
public record Delivery(DeliveryId id, OutboxEvent event, WebhookEndpoint endpoint, int attempts, Optional<String> body, Instant nextAttemptAt) {
    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }
}
