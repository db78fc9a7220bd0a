package org.openpalm.payments.webhook;

/**
 * Webhook delivery tuning. Retry n (1-based) waits initialBackoffMillis x 2^(n-1), capped at
 * maxBackoffMillis, with up to 20 % jitter; after maxAttempts the delivery is given up.
 */
public record WebhookConfig(long pollIntervalMillis, int maxAttempts, long initialBackoffMillis, long maxBackoffMillis,
                            long requestTimeoutMillis, int batchSize, long lockMillis) {
    public static final WebhookConfig DEFAULT = new WebhookConfig(1_000, 12, 5_000, 3_600_000, 10_000, 50, 60_000);

    public WebhookConfig {
        if (pollIntervalMillis < 10) throw new IllegalArgumentException("pollIntervalMillis must be at least 10");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be positive");
        if (initialBackoffMillis < 1 || maxBackoffMillis < initialBackoffMillis) throw new IllegalArgumentException("backoff out of range");
        if (requestTimeoutMillis < 100) throw new IllegalArgumentException("requestTimeoutMillis must be at least 100");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
        if (lockMillis <= requestTimeoutMillis) throw new IllegalArgumentException("lockMillis must exceed requestTimeoutMillis");
    }

    /** Delay before retry {@code attempt} (1-based), without jitter. */
    public long backoffMillis(int attempt) {
        long delay = initialBackoffMillis;
        for (int i = 1; i < attempt && delay < maxBackoffMillis; i++) delay *= 2;
        return Math.min(delay, maxBackoffMillis);
    }
}
