package org.openpalm.payments.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** A merchant's settlement for one day (UTC): a line per payment and one total line per currency. */
public record SettlementReport(LocalDate day, List<SettlementLine> lines, List<Total> totals) {
    /** The sum of the lines in one currency. */
    public record Total(String currency, long capturedMinor, long refundedMinor, long feesMinor, long netMinor) {}

    public SettlementReport {
        Objects.requireNonNull(day, "day");
        lines = List.copyOf(lines);
        totals = List.copyOf(totals);
    }
}
