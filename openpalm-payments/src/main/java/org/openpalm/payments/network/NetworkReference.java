package org.openpalm.payments.network;

import java.util.Objects;

/**
 * The card network's identity of one clearing message (capture, reversal or refund): for ISO 8583
 * terminal (41), STAN (11) and transmission time (7), as in the network's clearing file. A repeat of
 * the same message has the same reference, so reconciliation can match records one to one.
 */
public record NetworkReference(String value) {
    public NetworkReference {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 64 || value.contains(",")) {
            throw new IllegalArgumentException("a network reference is 1..64 characters without commas");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
