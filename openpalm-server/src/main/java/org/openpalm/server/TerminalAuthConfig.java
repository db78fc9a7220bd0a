package org.openpalm.server;

/**
 * Terminal request signing.
 *
 * @param maxClockSkewSeconds requests whose timestamp is further than this from the server clock
 *                            are refused (and nonces are remembered, in the database, for twice this long)
 */
public record TerminalAuthConfig(long maxClockSkewSeconds) {
    public static final TerminalAuthConfig DEFAULT = new TerminalAuthConfig(60);

    public TerminalAuthConfig {
        if (maxClockSkewSeconds < 1) throw new IllegalArgumentException("maxClockSkewSeconds must be positive");
    }
}
