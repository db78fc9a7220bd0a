package org.openpalm.payments.loyalty;

import java.util.Objects;

/** One reward of a loyalty programme; a programme has at most one of each kind. */
public sealed interface Reward {
    /** Every {@code n}th unit of {@code item} a member buys is free (a stamp card: "every 10th coffee free"). */
    record EveryNthItemFree(String item, int n) implements Reward {
        public EveryNthItemFree {
            Objects.requireNonNull(item, "item");
            if (item.isBlank() || item.length() > 100) throw new IllegalArgumentException("item must be 1 to 100 characters");
            if (n < 2 || n > 1000) throw new IllegalArgumentException("n must be 2..1000");
        }
    }

    /** Members pay {@code percent} % less (rounded down to the minor unit, in the member's favour never below zero). */
    record PercentOff(int percent) implements Reward {
        public PercentOff {
            if (percent < 1 || percent > 100) throw new IllegalArgumentException("percent must be 1..100");
        }
    }

    /** {@code points} points buy {@code discountMinor} minor units off a payment, when the till asks to redeem. */
    record PointsRedemption(long points, long discountMinor) implements Reward {
        public PointsRedemption {
            if (points < 1) throw new IllegalArgumentException("points must be positive");
            if (discountMinor < 1) throw new IllegalArgumentException("discount must be positive");
        }
    }
}
