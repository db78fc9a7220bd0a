package org.openpalm.server.network;

import java.util.Objects;
import org.openpalm.iso8583.LinkConfig;

/**
 * Where the card network is and how this server presents itself on it (config keys {@code network.*}).
 *
 * @param host                        network host ({@code network.host})
 * @param port                        network TCP port ({@code network.port})
 * @param connectTimeoutMillis        TCP connect timeout; also how long start-up waits for the sign-on
 * @param responseTimeoutMillis       how long a request waits for its response; an authorisation
 *                                    unanswered by then is reversed
 * @param echoIntervalMillis          idle time between echo keep-alives
 * @param reversalRetryIntervalMillis wait between attempts to deliver journalled reversals
 * @param acquirerId                  field 32, acquiring institution id (1 to 11 digits)
 * @param terminalId                  field 41, this server's card acceptor terminal id (8 printable characters)
 */
public record NetworkLinkSettings(String host, int port, long connectTimeoutMillis, long responseTimeoutMillis,
                                  long echoIntervalMillis, long reversalRetryIntervalMillis, String acquirerId, String terminalId) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern ACQUIRER_ID_FORMAT = java.util.regex.Pattern.compile("[0-9]{1,11}");
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern TERMINAL_ID_FORMAT = java.util.regex.Pattern.compile("[\\x20-\\x7E]{8}");

    public static final String DEFAULT_ACQUIRER_ID = "10000000001";
    public static final String DEFAULT_TERMINAL_ID = "OPALM001";

    public NetworkLinkSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(acquirerId, "acquirerId");
        Objects.requireNonNull(terminalId, "terminalId");
        if (!ACQUIRER_ID_FORMAT.matcher(acquirerId).matches()) throw new IllegalArgumentException("network.acquirerId must be 1 to 11 digits");
        if (!TERMINAL_ID_FORMAT.matcher(terminalId).matches()) throw new IllegalArgumentException("network.terminalId must be exactly 8 printable ASCII characters");
        linkConfig(host, port, connectTimeoutMillis, responseTimeoutMillis, echoIntervalMillis, reversalRetryIntervalMillis); // validates
    }

    /** Production-like timings (5 s connect, 10 s response, 60 s echo, 5 s reversal retry) for a network at host:port. */
    public static NetworkLinkSettings defaults(String host, int port) {
        LinkConfig d = LinkConfig.defaults(host, port);
        return new NetworkLinkSettings(host, port, d.connectTimeoutMillis(), d.responseTimeoutMillis(), d.echoIntervalMillis(),
                d.reversalRetryIntervalMillis(), DEFAULT_ACQUIRER_ID, DEFAULT_TERMINAL_ID);
    }

    public NetworkLinkSettings withResponseTimeoutMillis(long millis) {
        return new NetworkLinkSettings(host, port, connectTimeoutMillis, millis, echoIntervalMillis, reversalRetryIntervalMillis, acquirerId, terminalId);
    }

    public NetworkLinkSettings withReversalRetryIntervalMillis(long millis) {
        return new NetworkLinkSettings(host, port, connectTimeoutMillis, responseTimeoutMillis, echoIntervalMillis, millis, acquirerId, terminalId);
    }

    LinkConfig linkConfig() {
        return linkConfig(host, port, connectTimeoutMillis, responseTimeoutMillis, echoIntervalMillis, reversalRetryIntervalMillis);
    }

    private static LinkConfig linkConfig(String host, int port, long connect, long response, long echo, long reversalRetry) {
        LinkConfig d = LinkConfig.defaults(host, port);
        return new LinkConfig(host, port, connect, response, echo, d.reconnectInitialBackoffMillis(),
                Math.max(d.reconnectInitialBackoffMillis(), d.reconnectMaxBackoffMillis()), reversalRetry, d.maxInFlightRequests());
    }
}
