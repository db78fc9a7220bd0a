package org.openpalm.payments.ledger;

import java.util.Objects;

/**
 * A transfer id, derived from the business event ({@code pay_...:capture}) so that posting the
 * same event twice is recognised and not applied twice.
 */
public record TransferId(String value) {
    public TransferId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 128) throw new IllegalArgumentException("transfer id must be 1..128 characters");
    }

    @Override
    public String toString() {
        return value;
    }
}
