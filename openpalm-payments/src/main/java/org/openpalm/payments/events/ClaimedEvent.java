package org.openpalm.payments.events;

import java.util.Objects;
import org.openpalm.payments.webhook.OutboxEvent;

/**
 * An outbox event a relay has taken to publish. {@code maybePublished}: a relay took it before and
 * never recorded the outcome (it died, or the broker's answer was lost), so the event may already
 * be in the stream and is looked up there before it is sent again.
 */
public record ClaimedEvent(OutboxEvent event, boolean maybePublished) {
    public ClaimedEvent {
        Objects.requireNonNull(event, "event");
    }
}
