package org.openpalm.payments.portal;

/**
 * Customer portal sign-in.
 *
 * @param codeValiditySeconds      how long a one-time code can be used
 * @param maxCodeAttempts          wrong entries before the code is burnt
 * @param codeResendIntervalSeconds the least time between two codes for one phone (limits guessing by re-requesting)
 * @param sessionValiditySeconds   how long a session lasts after sign-in
 */
public record PortalConfig(int codeValiditySeconds, int maxCodeAttempts, int codeResendIntervalSeconds, int sessionValiditySeconds) {
    /** Codes of 5 minutes, 5 attempts, one code per 30 s, sessions of 30 minutes. */
    public static final PortalConfig DEFAULT = new PortalConfig(300, 5, 30, 1800);

    public PortalConfig {
        if (codeValiditySeconds < 30 || codeValiditySeconds > 900) throw new IllegalArgumentException("codeValiditySeconds must be 30 to 900");
        if (maxCodeAttempts < 1 || maxCodeAttempts > 10) throw new IllegalArgumentException("maxCodeAttempts must be 1 to 10");
        if (codeResendIntervalSeconds < 0) throw new IllegalArgumentException("codeResendIntervalSeconds must not be negative");
        if (sessionValiditySeconds < 60 || sessionValiditySeconds > 86_400) throw new IllegalArgumentException("sessionValiditySeconds must be 60 to 86400");
    }
}
