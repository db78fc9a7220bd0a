package org.openpalm.payments.insights;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * A merchant's shopping insights over its consenting customers' approved palm payments. Shares are
 * in basis points (1/100 of a percent) so no floating point reaches the wire.
 *
 * @param repeatCustomerShareBasisPoints share of customers with two or more visits
 * @param visitsPerCustomerHundredths    mean visits per customer, times 100
 * @param meanDaysBetweenVisits          mean gap between one customer's consecutive visits (0 when no repeat visit)
 * @param visitsByHour                   24 counts, hour 0 first (in the configured zone)
 * @param visitsByDayOfWeek              7 counts, Monday first
 */
public record MerchantInsights(int customers, int visits, int repeatCustomerShareBasisPoints, int visitsPerCustomerHundredths,
                               double meanDaysBetweenVisits, List<Basket> baskets, List<Integer> visitsByHour,
                               List<Integer> visitsByDayOfWeek, List<Cohort> cohorts) {
    /** Basket size in one currency. */
    public record Basket(String currency, int visits, long meanMinor, long medianMinor, long totalMinor) {}

    /**
     * Customers whose first visit fell in {@code firstVisitMonth}, and how many of them visited in
     * each month since ({@code activeByMonth.get(0)} is the first month, always the whole cohort).
     */
    public record Cohort(YearMonth firstVisitMonth, int customers, List<Integer> activeByMonth) {
        public Cohort {
            Objects.requireNonNull(firstVisitMonth, "firstVisitMonth");
            activeByMonth = List.copyOf(activeByMonth);
        }
    }

    public MerchantInsights {
        baskets = List.copyOf(baskets);
        visitsByHour = List.copyOf(visitsByHour);
        visitsByDayOfWeek = List.copyOf(visitsByDayOfWeek);
        cohorts = List.copyOf(cohorts);
    }
}
