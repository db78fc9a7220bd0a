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
    /**
     * Takes for relay {@code claimant} up to {@code limit} unpublished events whose claim (if any)
     * lapsed before {@code now}, oldest first, a payment's in version order; a payment's event is
     * not taken while another relay holds an earlier one of that payment (so they reach the stream
     * in order).
     */
    List<ClaimedEvent> claim(String claimant, Instant now, Instant lockedUntil, int limit);

    /** The events are in the stream: never taken again. */
    void published(List<EventId> events, Instant at);

    /** Events not published yet (for monitoring and tests). */
    int unpublishedCount();
}
