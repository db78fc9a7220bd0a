package org.openpalm.iso8583;

/**
 * Tuning of the acquirer link. All durations in milliseconds.
 *
 * @param host                           network host name or address
 * @param port                           network TCP port
 * @param connectTimeoutMillis           TCP connect timeout
 * @param responseTimeoutMillis          how long a request waits for its response
 * @param echoIntervalMillis             idle time between 0800 echo keep-alives
 * @param reconnectInitialBackoffMillis  first wait after a failed connect or lost connection
 * @param reconnectMaxBackoffMillis      backoff doubles up to this
 * @param reversalRetryIntervalMillis    wait between attempts to deliver pending reversals
 * @param maxInFlightRequests            bound on concurrent requests (and the outbound queue)
 */
public record LinkConfig(
        String host,
        int port,
        long connectTimeoutMillis,
        long responseTimeoutMillis,
        long echoIntervalMillis,
        long reconnectInitialBackoffMillis,
        long reconnectMaxBackoffMillis,
        long reversalRetryIntervalMillis,
        int maxInFlightRequests) {

    public LinkConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be given");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        positive("connectTimeoutMillis", connectTimeoutMillis);
        positive("responseTimeoutMillis", responseTimeoutMillis);
        positive("echoIntervalMillis", echoIntervalMillis);
        positive("reconnectInitialBackoffMillis", reconnectInitialBackoffMillis);
        positive("reconnectMaxBackoffMillis", reconnectMaxBackoffMillis);
        positive("reversalRetryIntervalMillis", reversalRetryIntervalMillis);
        positive("maxInFlightRequests", maxInFlightRequests);
        if (reconnectMaxBackoffMillis < reconnectInitialBackoffMillis) {
            throw new IllegalArgumentException("reconnectMaxBackoffMillis must be at least reconnectInitialBackoffMillis");
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Production-like defaults: 5 s connect, 10 s response, 60 s echo, 0.5..30 s backoff, 5 s reversal retry. */
    public static LinkConfig defaults(String host, int port) {
        return new LinkConfig(host, port, 5_000, 10_000, 60_000, 500, 30_000, 5_000, 256);
    }

    public LinkConfig withResponseTimeoutMillis(long millis) {
        return new LinkConfig(host, port, connectTimeoutMillis, millis, echoIntervalMillis, reconnectInitialBackoffMillis,
                reconnectMaxBackoffMillis, reversalRetryIntervalMillis, maxInFlightRequests);
    }

    public LinkConfig withEchoIntervalMillis(long millis) {
        return new LinkConfig(host, port, connectTimeoutMillis, responseTimeoutMillis, millis, reconnectInitialBackoffMillis,
                reconnectMaxBackoffMillis, reversalRetryIntervalMillis, maxInFlightRequests);
    }

    public LinkConfig withReconnectBackoffMillis(long initialMillis, long maxMillis) {
        return new LinkConfig(host, port, connectTimeoutMillis, responseTimeoutMillis, echoIntervalMillis, initialMillis,
                maxMillis, reversalRetryIntervalMillis, maxInFlightRequests);
    }

    public LinkConfig withReversalRetryIntervalMillis(long millis) {
        return new LinkConfig(host, port, connectTimeoutMillis, responseTimeoutMillis, echoIntervalMillis,
                reconnectInitialBackoffMillis, reconnectMaxBackoffMillis, millis, maxInFlightRequests);
    }
}
