package org.openpalm.payments.insights;

import java.util.List;
import java.util.Objects;

/**
 * What may be handed to advertisers: counts per group, no identifiers, no biometric data, and no
 * group with fewer than k distinct customers ({@code suppressedGroups} says how many were dropped).
 */
public record AdvertiserExport(int k, List<Row> rows, int suppressedGroups) {
    /**
     * One group.
     *
     * @param dimension {@code all}, {@code day_of_week}, {@code hour_of_day}, {@code first_visit_month} or {@code basket_band}
     * @param bucket    the group within the dimension ({@code MONDAY}, {@code 13}, {@code 2026-03}, {@code EUR 10-25})
     */
    public record Row(String dimension, String bucket, int customers, int visits) {
        public Row {
            Objects.requireNonNull(dimension, "dimension");
            Objects.requireNonNull(bucket, "bucket");
        }
    }

    public AdvertiserExport {
        rows = List.copyOf(rows);
    }
}
