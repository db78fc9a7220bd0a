package org.openpalm.payments.loyalty;

import java.util.List;
import org.openpalm.payments.money.Money;

/** What the till said about a payment for the programme: its lines, and whether the shopper wants to redeem points. */
public record Basket(List<LineItem> items, boolean redeemPoints) {
    public static final Basket NONE = new Basket(List.of(), false);

    public Basket {
        items = List.copyOf(items);
    }

    /** The lines' total, when there are lines. */
    public java.util.Optional<Money> total() {
        if (items.isEmpty()) return java.util.Optional.empty();
        Money sum = Money.zero(items.getFirst().unitPrice().currency());
        for (LineItem i : items) sum = sum.plus(i.total());
        return java.util.Optional.of(sum);
    }
}
