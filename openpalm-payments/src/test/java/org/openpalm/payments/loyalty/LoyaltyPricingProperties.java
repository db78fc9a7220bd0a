package org.openpalm.payments.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;

/** Laws of a member's price: what is charged and the discount make the original; the stamp card frees exactly the Nth units. */
class LoyaltyPricingProperties {
    private static final MerchantId MERCHANT = MerchantId.random();
    private static final CustomerId CUSTOMER = CustomerId.random();

    @Property
    void chargedPlusDiscountIsTheOriginalAndNeverNegative(@ForAll @IntRange(min = 1, max = 20) int coffees, @ForAll @IntRange(min = 0, max = 40) int before,
                                                          @ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 100) int percent,
                                                          @ForAll @LongRange(min = 0, max = 5_000) long extra, @ForAll boolean redeem,
                                                          @ForAll @LongRange(min = 0, max = 500) long balance) {
        long unit = 350;
        Money amount = Money.of(unit * coffees + extra, "EUR");
        Payment p = Payment.create(PaymentId.random(), MERCHANT, TerminalId.random(), amount, Instant.EPOCH);
        List<LineItem> lines = new java.util.ArrayList<>(List.of(new LineItem("coffee", coffees, Money.of(unit, "EUR"))));
        if (extra > 0) lines.add(new LineItem("cake", 1, Money.of(extra, "EUR")));
        LoyaltyProgramme programme = new LoyaltyProgramme(MERCHANT, "P", Currency.require("EUR"), 10, Optional.of(new Reward.EveryNthItemFree("coffee", n)),
                Optional.of(new Reward.PercentOff(percent)), Optional.of(new Reward.PointsRedemption(100, 200)), Instant.EPOCH);
        LoyaltyApplication a = LoyaltyPricing.price(programme, p, CUSTOMER, new Basket(lines, redeem), before, balance, Instant.EPOCH);
        assertThat(a.charged().plus(a.discount())).isEqualTo(amount);
        assertThat(a.charged().minor()).isNotNegative();
        assertThat(a.itemUnits()).isEqualTo(coffees);
        assertThat(a.freeUnits()).isEqualTo((before + coffees) / n - before / n);
        // points are redeemed only when asked for and covered, and whenever something is left to pay (the cake after < 100 %)
        if (!redeem || balance < 100) assertThat(a.pointsRedeemed()).isZero();
        else if (extra > 0 && percent < 100) assertThat(a.pointsRedeemed()).isEqualTo(100);
    }

    @Property
    void pointsAreWholeUnitsTimesTheRateRoundedDown(@ForAll @LongRange(min = 0, max = 10_000_000) long minor, @ForAll @IntRange(min = 0, max = 100) int rate) {
        assertThat(LoyaltyProgramme.pointsFor(Money.of(minor, "EUR"), rate)).isEqualTo(minor * rate / 100);
        assertThat(LoyaltyProgramme.pointsFor(Money.of(minor, "JPY"), rate)).isEqualTo(minor * rate);
    }
}
