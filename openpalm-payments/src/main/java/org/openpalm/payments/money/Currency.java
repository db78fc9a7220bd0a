package org.openpalm.payments.money;

import java.util.Objects;
import java.util.Optional;

/**
 * An ISO 4217 currency with its number of minor units (EUR 2, JPY 0, BHD 3). Only currencies
 * usable for payments are known: funds, precious metals and test codes (no minor units in ISO
 * 4217) are refused.
 */
public record Currency(String code, int minorUnits) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[A-Z]{3}");

    public Currency {
        Objects.requireNonNull(code, "code");
        if (!FORMAT.matcher(code).matches()) throw new IllegalArgumentException("not an ISO 4217 code: " + code);
        if (minorUnits < 0 || minorUnits > 4) throw new IllegalArgumentException("minor units out of range: " + minorUnits);
    }

    /** The currency for an ISO 4217 alphabetic code, if it is one payments can be made in. */
    public static Optional<Currency> of(String code) {
        if (code == null || !FORMAT.matcher(code).matches()) return Optional.empty();
        try {
            java.util.Currency iso = java.util.Currency.getInstance(code);
            int digits = iso.getDefaultFractionDigits();
            if (digits < 0 || code.startsWith("X")) return Optional.empty();
            return Optional.of(new Currency(code, digits));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** The currency for a code known to be valid; throws for anything else (constants, tests). */
    public static Currency require(String code) {
        return of(code).orElseThrow(() -> new IllegalArgumentException("unknown currency: " + code));
    }

    @Override
    public String toString() {
        return code;
    }
}
