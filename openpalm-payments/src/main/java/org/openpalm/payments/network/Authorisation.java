package org.openpalm.payments.network;

import java.util.Objects;
import org.openpalm.payments.money.Money;

/** An approved authorisation: the issuer's approval code and the retrieval reference number. */
public record Authorisation(String authCode, String rrn, Money amount) {
    public Authorisation {
        Objects.requireNonNull(authCode, "authCode");
        Objects.requireNonNull(rrn, "rrn");
        Objects.requireNonNull(amount, "amount");
        if (!authCode.matches("[0-9A-Z]{6}")) throw new IllegalArgumentException("auth code is 6 alphanumerics");
        if (!rrn.matches("[0-9A-Za-z]{12}")) throw new IllegalArgumentException("RRN is 12 characters");
    }
}
