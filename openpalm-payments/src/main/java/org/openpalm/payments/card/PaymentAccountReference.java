package org.openpalm.payments.card;

import java.util.Objects;

/** EMVCo payment account reference: 29 alphanumeric characters, the same for every token of one account. */
public record PaymentAccountReference(String value) {
    public PaymentAccountReference {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[0-9A-Z]{29}")) throw new IllegalArgumentException("a PAR is 29 upper-case alphanumerics");
    }
}
