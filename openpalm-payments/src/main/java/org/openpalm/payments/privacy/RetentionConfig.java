package org.openpalm.payments.privacy;

/**
 * The published retention schedule of palm data.
 *
 * @param palmDataRetentionDays palm data unused for this long is deleted; at most
 *                              {@link #MAX_PALM_DATA_RETENTION_DAYS} (three years): the schedule
 *                              promises never to keep it longer
 * @param jobIntervalHours      how often the deletion job runs
 */
public record RetentionConfig(int palmDataRetentionDays, int jobIntervalHours) {
    /** Three years. */
    public static final int MAX_PALM_DATA_RETENTION_DAYS = 3 * 365 + 1;
    /** Two years, daily. */
    public static final RetentionConfig DEFAULT = new RetentionConfig(2 * 365, 24);

    public RetentionConfig {
        if (palmDataRetentionDays < 1) throw new IllegalArgumentException("palmDataRetentionDays must be positive");
        if (palmDataRetentionDays > MAX_PALM_DATA_RETENTION_DAYS) {
            throw new IllegalArgumentException("palmDataRetentionDays must be at most " + MAX_PALM_DATA_RETENTION_DAYS + " (three years)");
        }
        if (jobIntervalHours < 1) throw new IllegalArgumentException("jobIntervalHours must be positive");
    }
}
