package org.openpalm.payments.money;

import java.math.BigDecimal;
import java.util.Objects;

/** A non-negative amount in minor units (cents) of one currency. Never a floating-point number. */
public record Money(long minor, Currency currency) implements Comparable<Money> {
    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minor < 0) throw new IllegalArgumentException("amount must not be negative: " + minor);
    }

    public static Money of(long minor, String currency) {
        return new Money(minor, Currency.require(currency));
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    public boolean isZero() {
        return minor == 0;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    /** This minus other; throws when the result would be negative (callers check first). */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minor, other.minor), currency);
    }

    public boolean greaterThan(Money other) {
        requireSameCurrency(other);
        return minor > other.minor;
    }

    public Money withMinor(long value) {
        return new Money(value, currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minor, other.minor);
    }

    /** For display only: 12.34 EUR. */
    @Override
    public String toString() {
        return BigDecimal.valueOf(minor, currency.minorUnits()).toPlainString() + " " + currency.code();
    }
}
