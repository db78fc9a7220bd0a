package org.openpalm.payments.loyalty;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;

/**
 * One entry of the points journal (double entry, append-only, like the money ledger): {@code points}
 * from {@link #debit()} to {@link #credit()}, accounts derived from the kind:
 * <ul>
 *   <li>EARNED: merchant's issued points -> member ({@code pay_...:points});
 *   <li>EARNING_REVERSED: member -> issued, on a refund ({@code pay_...:points:ref_...});
 *   <li>REDEEMED: member -> merchant's redeemed points ({@code pay_...:redeem});
 *   <li>REDEMPTION_REVERSED: redeemed -> member, when the payment is voided ({@code pay_...:redeem:void}).
 * </ul>
 * Ids are derived from the payment event, so an event posts its entry once. {@code pointsPerUnit}
 * is the programme's rate when the points were earned (the checker recomputes them with it).
 */
public record PointsEntry(String id, MerchantId merchant, CustomerId customer, PaymentId payment, Kind kind, long points,
                          int pointsPerUnit, Instant at) {
    public enum Kind { EARNED, EARNING_REVERSED, REDEEMED, REDEMPTION_REVERSED }

    public PointsEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if (points <= 0) throw new IllegalArgumentException("points must be positive");
    }

    public static String issuedAccount(MerchantId merchant) {
        return "POINTS_ISSUED:" + merchant.value();
    }

    public static String redeemedAccount(MerchantId merchant) {
        return "POINTS_REDEEMED:" + merchant.value();
    }

    public static String memberAccount(MerchantId merchant, CustomerId customer) {
        return "POINTS_MEMBER:" + merchant.value() + ":" + customer.value();
    }

    public String debit() {
        return switch (kind) {
            case EARNED -> issuedAccount(merchant);
            case EARNING_REVERSED, REDEEMED -> memberAccount(merchant, customer);
            case REDEMPTION_REVERSED -> redeemedAccount(merchant);
        };
    }

    public String credit() {
        return switch (kind) {
            case EARNED, REDEMPTION_REVERSED -> memberAccount(merchant, customer);
            case EARNING_REVERSED -> issuedAccount(merchant);
            case REDEEMED -> redeemedAccount(merchant);
        };
    }

    /** This entry's effect on the member's balance. */
    public long memberDelta() {
        return switch (kind) {
            case EARNED, REDEMPTION_REVERSED -> points;
            case EARNING_REVERSED, REDEEMED -> -points;
        };
    }
}
