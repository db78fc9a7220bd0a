package org.openpalm.server;

/**
 * Load bounds of the HTTP edge.
 *
 * @param maxConcurrentImageDecodes          palm images decoded and turned into templates at once; a
 *                                           request waiting longer than {@code imageDecodePermitWaitMillis}
 *                                           for its turn is answered 503 with Retry-After (decoding is CPU
 *                                           and memory: a flood of large images must not starve payments)
 * @param imageDecodePermitWaitMillis        how long a request waits for a decoding slot
 * @param terminalRateLimitRequestsPerMinute sustained signed requests a terminal may send; more get 429
 * @param terminalRateLimitBurstRequests     requests a quiet terminal may send at once before the rate applies
 * @param retryAfterSeconds                  the Retry-After of a 503 (busy database, no decoding slot,
 *                                           payment permits taken)
 */
public record LoadConfig(int maxConcurrentImageDecodes, long imageDecodePermitWaitMillis, int terminalRateLimitRequestsPerMinute,
                         int terminalRateLimitBurstRequests, long retryAfterSeconds) {
    public static final LoadConfig DEFAULT = new LoadConfig(Math.max(2, Runtime.getRuntime().availableProcessors()), 2_000, 600, 120, 1);

    public LoadConfig {
        if (maxConcurrentImageDecodes < 1) throw new IllegalArgumentException("maxConcurrentImageDecodes must be at least 1");
        if (imageDecodePermitWaitMillis < 0) throw new IllegalArgumentException("imageDecodePermitWaitMillis must not be negative");
        if (terminalRateLimitRequestsPerMinute < 1) throw new IllegalArgumentException("terminalRateLimitRequestsPerMinute must be at least 1");
        if (terminalRateLimitBurstRequests < 1) throw new IllegalArgumentException("terminalRateLimitBurstRequests must be at least 1");
        if (retryAfterSeconds < 1) throw new IllegalArgumentException("retryAfterSeconds must be at least 1");
    }
}
