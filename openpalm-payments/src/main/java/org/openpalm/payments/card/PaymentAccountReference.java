package org.openpalm.payments.card;

import java.util.Objects;

/** EMVCo payment account reference: 29 alphanumeric characters, the same for every token of one account. */
public record PaymentAccountReference(String value) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9A-Z]{29}");

    public PaymentAccountReference {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) throw new IllegalArgumentException("a PAR is 29 upper-case alphanumerics");
    }
}
