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
 * @param recentTemplateCaptures    how many of its latest captures each server compares a new one
 *                                  with for the near-identical template rule (in memory): one
 *                                  comparison, about 1.5 us, each; 256 costs what the exact stage
 *                                  of an identification costs (256 candidates)
 */
public record PresentationConfig(int maxPerPayment, int maxPerTerminalPerMinute, int captureMemoryHours, int recentTemplateCaptures) {
    /** 5 per payment, 60 per terminal and minute, digests remembered for 30 days, templates of the last 256 captures. */
    public static final PresentationConfig DEFAULT = new PresentationConfig(5, 60, 720, 256);

    public PresentationConfig {
        if (maxPerPayment < 1) throw new IllegalArgumentException("maxPerPayment must be positive");
        if (maxPerTerminalPerMinute < 1) throw new IllegalArgumentException("maxPerTerminalPerMinute must be positive");
        if (captureMemoryHours < 1) throw new IllegalArgumentException("captureMemoryHours must be positive");
        if (recentTemplateCaptures < 1) throw new IllegalArgumentException("recentTemplateCaptures must be positive");
    }
}
