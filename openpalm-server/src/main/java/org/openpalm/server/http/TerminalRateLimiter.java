package org.openpalm.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per terminal: {@code burst} requests at once, refilled at {@code perMinute}. Only
 * authenticated requests count, so nobody can spend another terminal's budget by sending its id.
 * In memory, per server instance: a bound on load, not an accounting.
 */
final class TerminalRateLimiter {
    /** The answer for one request. */
    sealed interface Decision {
        record Allowed() implements Decision {}

        /** Over the rate: the next request is allowed after {@code retryAfterSeconds}. */
        record Limited(long retryAfterSeconds) implements Decision {}
    }

    private static final int MAX_TRACKED_TERMINALS = 100_000;
    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens left and when they were counted; guarded by its own monitor (no I/O under it). */
    private static final class Bucket {
        double tokens;
        long countedAt;

        Bucket(double tokens, long countedAt) {
            this.tokens = tokens;
            this.countedAt = countedAt;
        }
    }

    TerminalRateLimiter(int perMinute, int burst, LongSupplier nanoTime) {
        this.tokensPerNano = perMinute / 60e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    Decision tryAcquire(String terminalId) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_TRACKED_TERMINALS) buckets.clear(); // bound memory; at worst a terminal gets a fresh burst
        Bucket bucket = buckets.computeIfAbsent(terminalId, id -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.countedAt) * tokensPerNano);
            bucket.countedAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision.Allowed();
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) / tokensPerNano);
            return new Decision.Limited(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }
}
