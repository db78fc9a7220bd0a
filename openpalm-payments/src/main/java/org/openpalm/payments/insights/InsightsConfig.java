package org.openpalm.payments.insights;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Shopping insights.
 *
 * @param minCustomersPerGroup k of the advertiser export's k-anonymity: a group with fewer distinct
 *                             customers is suppressed; never below {@link #MIN_K}
 * @param zone                 time zone of the time-of-day, day-of-week and month buckets
 */
public record InsightsConfig(int minCustomersPerGroup, ZoneId zone) {
    public static final int MIN_K = 20;
    public static final InsightsConfig DEFAULT = new InsightsConfig(MIN_K, ZoneId.of("UTC"));

    public InsightsConfig {
        if (minCustomersPerGroup < MIN_K) throw new IllegalArgumentException("minCustomersPerGroup must be at least " + MIN_K);
        Objects.requireNonNull(zone, "zone");
    }
}
