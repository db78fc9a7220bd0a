package org.openpalm.payments.events;

/**
 * Tuning of the relay from the outbox to the event stream.
 *
 * @param pollIntervalMillis wait between polls when the outbox is empty
 * @param batchSize          events taken and published per round
 * @param claimMillis        how long a claim holds an event; after it another relay may take it
 *                           (longer than a round's publish may take)
 */
public record EventRelayConfig(long pollIntervalMillis, int batchSize, long claimMillis) {
    public static final EventRelayConfig DEFAULT = new EventRelayConfig(200, 200, 60_000);

    public EventRelayConfig {
        if (pollIntervalMillis < 1) throw new IllegalArgumentException("pollIntervalMillis must be positive");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
        if (claimMillis < 1_000) throw new IllegalArgumentException("claimMillis must be at least 1000");
    }
}
