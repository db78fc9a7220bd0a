package org.openpalm.payments.payment;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;

/** Money given back on a captured payment. */
public record Refund(RefundId id, Money amount, Instant at) {
    public Refund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(at, "at");
    }
}
