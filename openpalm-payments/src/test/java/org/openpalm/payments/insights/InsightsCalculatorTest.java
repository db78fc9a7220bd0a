package org.openpalm.payments.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.money.Money;

class InsightsCalculatorTest {
    private final InsightsCalculator calculator = new InsightsCalculator(InsightsConfig.DEFAULT);

    @Test
    void repeatRateBasketsPatternsAndCohorts() {
        CustomerId a = CustomerId.random();
        CustomerId b = CustomerId.random();
        // a: Monday 2026-03-02 09:00 and Monday 2026-04-06 09:00; b: Tuesday 2026-04-07 18:30
        List<Visit> visits = List.of(new Visit(a, Money.of(1000, "EUR"), Instant.parse("2026-03-02T09:00:00Z")),
                new Visit(a, Money.of(3000, "EUR"), Instant.parse("2026-04-06T09:00:00Z")),
                new Visit(b, Money.of(2500, "EUR"), Instant.parse("2026-04-07T18:30:00Z")));
        MerchantInsights i = calculator.merchantInsights(visits);
        assertThat(i.customers()).isEqualTo(2);
        assertThat(i.visits()).isEqualTo(3);
        assertThat(i.repeatCustomerShareBasisPoints()).isEqualTo(5_000);
        assertThat(i.visitsPerCustomerHundredths()).isEqualTo(150);
        assertThat(i.meanDaysBetweenVisits()).isEqualTo(35.0);
        assertThat(i.baskets()).containsExactly(new MerchantInsights.Basket("EUR", 3, 2166, 2500, 6500));
        assertThat(i.visitsByHour().get(9)).isEqualTo(2);
        assertThat(i.visitsByHour().get(18)).isEqualTo(1);
        assertThat(i.visitsByDayOfWeek()).containsExactly(2, 1, 0, 0, 0, 0, 0);
        assertThat(i.cohorts()).containsExactly(new MerchantInsights.Cohort(YearMonth.of(2026, 3), 1, List.of(1, 1)),
                new MerchantInsights.Cohort(YearMonth.of(2026, 4), 1, List.of(1)));
    }

    @Test
    void noVisitsGiveZerosNotErrors() {
        MerchantInsights i = calculator.merchantInsights(List.of());
        assertThat(i.customers()).isZero();
        assertThat(i.baskets()).isEmpty();
        assertThat(i.cohorts()).isEmpty();
    }

    @Test
    void exportSuppressesEveryGroupUnderTwentyCustomers() {
        List<Visit> visits = new ArrayList<>();
        // 20 customers on Monday 10:00, 19 on Tuesday 10:00 (some the same customers)
        List<CustomerId> people = new ArrayList<>();
        for (int i = 0; i < 25; i++) people.add(CustomerId.random());
        for (int i = 0; i < 20; i++) visits.add(new Visit(people.get(i), Money.of(500, "EUR"), Instant.parse("2026-03-02T10:00:00Z")));
        for (int i = 5; i < 24; i++) visits.add(new Visit(people.get(i), Money.of(500, "EUR"), Instant.parse("2026-03-03T10:00:00Z")));
        AdvertiserExport export = calculator.advertiserExport(visits);
        assertThat(export.k()).isEqualTo(20);
        assertThat(export.rows()).allMatch(r -> r.customers() >= 20);
        assertThat(export.rows()).contains(new AdvertiserExport.Row("day_of_week", "MONDAY", 20, 20),
                new AdvertiserExport.Row("all", "all", 24, 39), new AdvertiserExport.Row("hour_of_day", "10", 24, 39),
                new AdvertiserExport.Row("basket_band", "EUR 0-10", 24, 39), new AdvertiserExport.Row("first_visit_month", "2026-03", 24, 39));
        assertThat(export.rows()).noneMatch(r -> r.bucket().equals("TUESDAY"));
        assertThat(export.suppressedGroups()).isEqualTo(1);
    }

    @Test
    void kCannotBeConfiguredBelowTwenty() {
        assertThatThrownBy(() -> new InsightsConfig(19, ZoneId.of("UTC"))).isInstanceOf(IllegalArgumentException.class);
    }
}
