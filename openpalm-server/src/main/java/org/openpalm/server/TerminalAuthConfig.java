package org.openpalm.server;

/**
 * Terminal request signing.
 *
 * @param maxClockSkewSeconds requests whose timestamp is further than this from the server clock
 *                            are refused (and nonces are remembered for twice this long)
 * @param maxRememberedNonces bound on the replay cache; beyond it the oldest are dropped early
 */
public record TerminalAuthConfig(long maxClockSkewSeconds, int maxRememberedNonces) {
    public static final TerminalAuthConfig DEFAULT = new TerminalAuthConfig(60, 1_000_000);

    public TerminalAuthConfig {
        if (maxClockSkewSeconds < 1) throw new IllegalArgumentException("maxClockSkewSeconds must be positive");
        if (maxRememberedNonces < 1_000) throw new IllegalArgumentException("maxRememberedNonces must be at least 1000");
    }
}
