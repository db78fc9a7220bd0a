package org.openpalm.payments.loyalty;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Money;

/**
 * What the programme did to one member's payment before authorisation: the original price, the
 * discount and what was charged ({@code original - discount}); the programme item's units in the
 * basket (stamps) and how many of them were free; the points redeemed.
 */
public record LoyaltyApplication(PaymentId payment, MerchantId merchant, CustomerId customer, Money original, Money discount,
                                 int itemUnits, int freeUnits, long pointsRedeemed, String description, Instant appliedAt) {
    public LoyaltyApplication {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(discount, "discount");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(appliedAt, "appliedAt");
        if (discount.greaterThan(original)) throw new IllegalArgumentException("discount above the original price");
        if (itemUnits < 0 || freeUnits < 0 || freeUnits > itemUnits) throw new IllegalArgumentException("item units out of range");
        if (pointsRedeemed < 0) throw new IllegalArgumentException("points redeemed must not be negative");
    }

    public Money charged() {
        return original.minus(discount);
    }

    /** Nothing left to charge: no card is asked. */
    public boolean free() {
        return charged().isZero();
    }
}
