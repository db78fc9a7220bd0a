package org.openpalm.iso8583;

import java.util.Currency;
import java.util.Objects;

/** An amount in minor units of a currency; 0..999 999 999 999 (what field 4 can carry). */
public record Money(long minorUnits, Currency currency) {
    public static final long MAX_MINOR_UNITS = 999_999_999_999L;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minorUnits < 0 || minorUnits > MAX_MINOR_UNITS) {
            throw new IllegalArgumentException("amount must be 0.." + MAX_MINOR_UNITS + " minor units, was " + minorUnits);
        }
        if (currency.getNumericCode() <= 0) {
            throw new IllegalArgumentException("currency " + currency + " has no ISO 4217 numeric code");
        }
    }

    public static Money of(long minorUnits, String currencyCode) {
        return new Money(minorUnits, Currency.getInstance(currencyCode));
    }

    /** The currency with this ISO 4217 numeric code (field 49). */
    public static Currency currencyOfNumeric(int numeric) {
        Currency c = BY_NUMERIC.get(numeric);
        if (c == null) {
            throw new IsoCodecException("field 49: unknown ISO 4217 numeric currency code " + numeric);
        }
        return c;
    }

    /** Numeric code to currency; where codes are shared, the alphabetically first currency code wins. */
    private static final java.util.Map<Integer, Currency> BY_NUMERIC = Currency.getAvailableCurrencies().stream()
            .filter(c -> c.getNumericCode() > 0)
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Currency::getNumericCode, c -> c,
                    (a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode()) <= 0 ? a : b));
}
