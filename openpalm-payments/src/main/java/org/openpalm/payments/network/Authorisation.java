package org.openpalm.payments.network;

import java.util.Objects;
import org.openpalm.payments.money.Money;

/** An approved authorisation: the issuer's approval code and the retrieval reference number. */
public record Authorisation(String authCode, String rrn, Money amount) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern AUTH_CODE_FORMAT = java.util.regex.Pattern.compile("[0-9A-Z]{6}");
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern RRN_FORMAT = java.util.regex.Pattern.compile("[0-9A-Za-z]{12}");

    public Authorisation {
        Objects.requireNonNull(authCode, "authCode");
        Objects.requireNonNull(rrn, "rrn");
        Objects.requireNonNull(amount, "amount");
        if (!AUTH_CODE_FORMAT.matcher(authCode).matches()) throw new IllegalArgumentException("auth code is 6 alphanumerics");
        if (!RRN_FORMAT.matcher(rrn).matches()) throw new IllegalArgumentException("RRN is 12 characters");
    }
}
