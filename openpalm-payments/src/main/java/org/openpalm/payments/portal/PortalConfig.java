package org.openpalm.payments.portal;

import java.util.Objects;

/**
 * Customer portal sign-in.
 *
 * @param codeValiditySeconds    how long a one-time code can be used
 * @param maxCodeAttempts        wrong entries before the code is burnt
 * @param sessionValiditySeconds how long a session lasts after sign-in
 * @param perPhone               backoff and daily cap of code requests for one phone number, enrolled or not
 * @param perClient              backoff and daily cap of code requests and code entries from one client address
 */
public record PortalConfig(int codeValiditySeconds, int maxCodeAttempts, int sessionValiditySeconds, Backoff perPhone, Backoff perClient) {
    /**
     * Codes of 5 minutes, 5 attempts, sessions of 30 minutes. A phone gets one code at once, the
     * next after 30 s, then 60 s, 120 s ... (at most an hour apart), 10 a day: at most 50 guesses
     * a day at a 1-in-a-million code. A client address gets 20 calls at once, then 2 s, 4 s ...
     * apart, 200 a day (a shop's shared address signs in a few dozen customers).
     */
    public static final PortalConfig DEFAULT = new PortalConfig(300, 5, 1800,
            new Backoff(1, 30, 3600, 10), new Backoff(20, 2, 3600, 200));

    public PortalConfig {
        if (codeValiditySeconds < 30 || codeValiditySeconds > 900) throw new IllegalArgumentException("codeValiditySeconds must be 30 to 900");
        if (maxCodeAttempts < 1 || maxCodeAttempts > 10) throw new IllegalArgumentException("maxCodeAttempts must be 1 to 10");
        if (sessionValiditySeconds < 60 || sessionValiditySeconds > 86_400) throw new IllegalArgumentException("sessionValiditySeconds must be 60 to 86400");
        Objects.requireNonNull(perPhone, "perPhone");
        Objects.requireNonNull(perClient, "perClient");
    }

    public PortalConfig withDailyCaps(int phoneDailyCap, int clientDailyCap) {
        return new PortalConfig(codeValiditySeconds, maxCodeAttempts, sessionValiditySeconds,
                new Backoff(perPhone.freeAttempts(), perPhone.initialDelaySeconds(), perPhone.maxDelaySeconds(), phoneDailyCap),
                new Backoff(perClient.freeAttempts(), perClient.initialDelaySeconds(), perClient.maxDelaySeconds(), clientDailyCap));
    }

    /**
     * Exponential backoff within a UTC day: the first {@code freeAttempts} attempts pass at once;
     * attempt {@code freeAttempts + n} (n from 1) must wait {@code initialDelaySeconds x 2^(n-1)}
     * (at most {@code maxDelaySeconds}) after the previous one; after {@code dailyCap} attempts the
     * subject waits for the next UTC day. Refused attempts do not count.
     */
    public record Backoff(int freeAttempts, long initialDelaySeconds, long maxDelaySeconds, int dailyCap) {
        public Backoff {
            if (freeAttempts < 1) throw new IllegalArgumentException("freeAttempts must be at least 1");
            if (initialDelaySeconds < 1 || maxDelaySeconds < initialDelaySeconds) throw new IllegalArgumentException("backoff delays out of range");
            if (dailyCap < freeAttempts) throw new IllegalArgumentException("dailyCap must be at least freeAttempts");
        }

        /** The least time between attempt number {@code attemptsSoFar} and the next one, in seconds. */
        public long delayAfterSeconds(int attemptsSoFar) {
            if (attemptsSoFar < freeAttempts) return 0;
            long delay = initialDelaySeconds;
            for (int i = freeAttempts; i < attemptsSoFar && delay < maxDelaySeconds; i++) delay *= 2;
            return Math.min(delay, maxDelaySeconds);
        }
    }
}
