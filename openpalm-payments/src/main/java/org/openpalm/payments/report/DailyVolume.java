package org.openpalm.payments.report;

import java.time.LocalDate;
import java.util.Objects;
import org.openpalm.payments.money.Money;

/**
 * One day (UTC) of a merchant's palm payments in one currency: payments the issuer approved
 * (whatever happened to them later), payments declined, and the approved amount.
 */
public record DailyVolume(LocalDate day, int approved, int declined, Money approvedAmount) {
    public DailyVolume {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(approvedAmount, "approvedAmount");
        if (approved < 0 || declined < 0) throw new IllegalArgumentException("counts must not be negative");
    }

    /** Approved over decided (approved + declined) in per mille, 0 when nothing was decided. */
    public int approvalRatePerMille() {
        int decided = approved + declined;
        return decided == 0 ? 0 : (int) Math.round(approved * 1000.0 / decided);
    }
}
