package org.openpalm.payments.loyalty;

import java.util.Objects;
import org.openpalm.payments.money.Money;

/** One line of a payment's basket, as the till sends it: what, how many, at what unit price. */
public record LineItem(String item, int quantity, Money unitPrice) {
    public LineItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (item.isBlank() || item.length() > 100) throw new IllegalArgumentException("item must be 1 to 100 characters");
        if (quantity < 1 || quantity > 10_000) throw new IllegalArgumentException("quantity must be 1..10000");
    }

    public Money total() {
        return unitPrice.withMinor(Math.multiplyExact(unitPrice.minor(), (long) quantity));
    }
}
