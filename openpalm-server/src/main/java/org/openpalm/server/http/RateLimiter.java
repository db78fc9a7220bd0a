package org.openpalm.server.http;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client address): {@code perMinute} tokens, refilled evenly over a minute.
 * The map is bounded: when it holds {@code maxKeys} buckets it starts afresh, which at worst gives
 * everybody a full bucket once, never blocks anyone.
 */
public final class RateLimiter {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final int perMinute;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, int maxKeys, LongSupplier nanoTime) {
        if (perMinute < 1 || maxKeys < 1) throw new IllegalArgumentException("perMinute and maxKeys must be positive");
        this.perMinute = perMinute;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for {@code key}: empty when taken, else the whole seconds until one is there. */
    public OptionalLong take(String key) {
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) buckets.clear();
        return buckets.computeIfAbsent(key, k -> new Bucket(perMinute, nanoTime.getAsLong())).take(perMinute, nanoTime.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized OptionalLong take(int perMinute, long now) {
            double nanosPerToken = (double) MINUTE_NANOS / perMinute;
            tokens = Math.min(perMinute, tokens + (now - updatedNanos) / nanosPerToken);
            updatedNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerToken / 1e9)));
        }
    }
}
