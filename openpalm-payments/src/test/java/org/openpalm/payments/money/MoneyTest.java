package org.openpalm.payments.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void currenciesCarryTheirIsoMinorUnits() {
        assertThat(Currency.of("EUR")).hasValue(new Currency("EUR", 2));
        assertThat(Currency.of("JPY")).hasValue(new Currency("JPY", 0));
        assertThat(Currency.of("BHD")).hasValue(new Currency("BHD", 3));
        assertThat(Currency.of("eur")).isEmpty();
        assertThat(Currency.of("ABC")).isEmpty();
        assertThat(Currency.of("XAU")).isEmpty();
        assertThat(Currency.of(null)).isEmpty();
    }

    @Test
    void moneyDisplaysInMajorUnitsAndRefusesNegativeAndMixedCurrencies() {
        assertThat(Money.of(1234, "EUR")).hasToString("12.34 EUR");
        assertThat(Money.of(1234, "JPY")).hasToString("1234 JPY");
        assertThat(Money.of(1234, "BHD")).hasToString("1.234 BHD");
        assertThatThrownBy(() -> Money.of(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, "EUR").plus(Money.of(1, "USD"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "EUR").plus(Money.of(1, "EUR"))).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void feeIsNeverMoreThanTheAmountNorNegative(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long minor) {
        Money fee = FeeSchedule.DEFAULT.feeOn(Money.of(minor, "EUR"));
        assertThat(fee.minor()).isBetween(0L, minor);
    }

    @Test
    void feeIsRateAndFixedPart() {
        assertThat(new FeeSchedule(150, 10).feeOn(Money.of(10_000, "EUR"))).isEqualTo(Money.of(160, "EUR"));
        assertThat(new FeeSchedule(150, 10).feeOn(Money.of(5, "EUR"))).isEqualTo(Money.of(5, "EUR"));
    }
}
