package org.openpalm.payments.attempt;

/**
 * Limits on palm presentations, one record for the subsystem.
 *
 * @param maxPerPayment             palm presentations one payment accepts (the 6th is refused with the default 5)
 * @param maxPerTerminalPerMinute   palm presentations one terminal may make in a calendar minute
 *                                  (UTC), across all its payments; counted in the database, so
 *                                  the cap holds across servers
 * @param captureMemoryHours        how long the servers remember a capture's digest (a replay of
 *                                  an older capture is not recognised by its bytes)
 */
public record PresentationConfig(int maxPerPayment, int maxPerTerminalPerMinute, int captureMemoryHours) {
    /** 5 per payment, 60 per terminal and minute, captures remembered for 30 days. */
    public static final PresentationConfig DEFAULT = new PresentationConfig(5, 60, 720);

    public PresentationConfig {
        if (maxPerPayment < 1) throw new IllegalArgumentException("maxPerPayment must be positive");
        if (maxPerTerminalPerMinute < 1) throw new IllegalArgumentException("maxPerTerminalPerMinute must be positive");
        if (captureMemoryHours < 1) throw new IllegalArgumentException("captureMemoryHours must be positive");
    }
}
