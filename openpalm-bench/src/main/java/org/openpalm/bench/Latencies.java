package org.openpalm.bench;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Collected latencies of one step, reported as percentiles. */
final class Latencies {
    private final String name;
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

    Latencies(String name) {
        this.name = name;
    }

    void add(long tookNanos) {
        nanos.add(tookNanos);
    }

    String report() {
        long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (v.length == 0) return String.format("%-22s no samples", name);
        return String.format("%-22s n=%6d  p50=%7.1f ms  p95=%7.1f ms  p99=%7.1f ms  max=%7.1f ms", name, v.length,
                ms(v, 0.50), ms(v, 0.95), ms(v, 0.99), v[v.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** The q-quantile of sorted nanoseconds, in milliseconds; 0 when there are none. */
    static double millis(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : ms(sorted, q);
    }

    long[] sorted() {
        long[] v = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v;
    }
}
