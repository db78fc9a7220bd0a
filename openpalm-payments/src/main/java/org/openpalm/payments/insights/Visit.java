package org.openpalm.payments.insights;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.money.Money;

/** One approved palm payment of a consenting customer at a merchant. The customer id never leaves the insights code. */
public record Visit(CustomerId customer, Money amount, Instant at) {
    public Visit {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(at, "at");
    }
}
