package org.openpalm.payments.loyalty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;

/**
 * The price a member pays, before authorisation. Rewards apply in a fixed order, each to what the
 * previous ones left: free items (the stamp card), then the member percentage, then points redeemed
 * (only when the till asked and the balance covers them). Never below zero.
 */
public final class LoyaltyPricing {
    private LoyaltyPricing() {}

    /**
     * @param stampsBefore units of the programme's item bought before this payment
     * @param balance      the member's points before this payment
     */
    public static LoyaltyApplication price(LoyaltyProgramme programme, Payment payment, CustomerId customer, Basket basket,
                                           long stampsBefore, long balance, Instant now) {
        Money original = payment.amount();
        Money discount = Money.zero(original.currency());
        List<String> what = new ArrayList<>();
        int units = 0;
        int free = 0;
        long redeemed = 0;
        boolean sameCurrency = programme.currency().equals(original.currency());
        if (sameCurrency && programme.everyNth().isPresent()) {
            Reward.EveryNthItemFree nth = programme.everyNth().get();
            Money freeValue = Money.zero(original.currency());
            for (LineItem line : basket.items()) {
                if (!line.item().equalsIgnoreCase(nth.item()) || !line.unitPrice().currency().equals(original.currency())) continue;
                for (int k = 0; k < line.quantity(); k++) {
                    units++;
                    if ((stampsBefore + units) % nth.n() == 0) {
                        free++;
                        freeValue = freeValue.plus(line.unitPrice());
                    }
                }
            }
            if (free > 0) {
                discount = discount.plus(min(freeValue, original));
                what.add(free + " free " + nth.item() + " (every " + ordinal(nth.n()) + ")");
            }
        }
        if (sameCurrency && programme.percentOff().isPresent()) {
            Money rest = original.minus(discount);
            long off = Math.multiplyExact(rest.minor(), (long) programme.percentOff().get().percent()) / 100;
            if (off > 0) {
                discount = discount.plus(rest.withMinor(off));
                what.add(programme.percentOff().get().percent() + "% member discount");
            }
        }
        if (sameCurrency && basket.redeemPoints() && programme.redemption().isPresent()) {
            Reward.PointsRedemption r = programme.redemption().get();
            Money rest = original.minus(discount);
            if (balance >= r.points() && !rest.isZero()) {
                discount = discount.plus(min(rest.withMinor(r.discountMinor()), rest));
                redeemed = r.points();
                what.add(r.points() + " points redeemed");
            }
        }
        return new LoyaltyApplication(payment.id(), payment.merchant(), customer, original, discount, units, free, redeemed,
                what.isEmpty() ? "member price" : String.join("; ", what), now);
    }

    private static Money min(Money a, Money b) {
        return a.greaterThan(b) ? b : a;
    }

    private static String ordinal(int n) {
        String suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
