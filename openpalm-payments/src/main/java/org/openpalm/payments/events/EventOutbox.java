package org.openpalm.payments.events;

import java.time.Instant;
import java.util.List;
import org.openpalm.payments.ids.EventId;

/**
 * Port: the payment events waiting for the event stream, written in each payment change's
 * transaction (a transactional outbox, beside the webhook deliveries). Any number of relays, one
 * per server, may take from it: a claim holds an event until {@code lockedUntil}, so a relay that
 * dies leaves its events to the others once the claim lapses.
 */
public interface EventOutbox {
    /** Takes up to {@code limit} unpublished events whose claim (if any) lapsed before {@code now}, oldest first, a payment's in version order. */
    List<ClaimedEvent> claim(Instant now, Instant lockedUntil, int limit);

    /** The events are in the stream: never taken again. */
    void published(List<EventId> events, Instant at);

    /** Events not published yet (for monitoring and tests). */
    int unpublishedCount();
}
