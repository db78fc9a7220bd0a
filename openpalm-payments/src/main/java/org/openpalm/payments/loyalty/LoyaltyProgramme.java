package org.openpalm.payments.loyalty;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;

/**
 * A merchant's loyalty programme: {@code pointsPerUnit} points per major unit of {@code currency}
 * charged (rounded down), and its rewards. One programme per merchant; changing it applies to
 * payments authorised afterwards (each points entry keeps the rate it was earned at).
 */
public record LoyaltyProgramme(MerchantId merchant, String name, Currency currency, int pointsPerUnit,
                               Optional<Reward.EveryNthItemFree> everyNth, Optional<Reward.PercentOff> percentOff,
                               Optional<Reward.PointsRedemption> redemption, Instant updatedAt) {
    public LoyaltyProgramme {
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(everyNth, "everyNth");
        Objects.requireNonNull(percentOff, "percentOff");
        Objects.requireNonNull(redemption, "redemption");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name.isBlank() || name.length() > 200) throw new IllegalArgumentException("name must be 1 to 200 characters");
        if (pointsPerUnit < 0 || pointsPerUnit > 10_000) throw new IllegalArgumentException("points per unit must be 0..10000");
    }

    public List<Reward> rewards() {
        return java.util.stream.Stream.<Optional<? extends Reward>>of(everyNth, percentOff, redemption).flatMap(Optional::stream)
                .map(r -> (Reward) r).toList();
    }

    /** Points for {@code charged} at {@code pointsPerUnit}: whole major units times the rate, rounded down. */
    public static long pointsFor(Money charged, int pointsPerUnit) {
        BigInteger scaled = BigInteger.valueOf(charged.minor()).multiply(BigInteger.valueOf(pointsPerUnit));
        return scaled.divide(BigInteger.TEN.pow(charged.currency().minorUnits())).longValueExact();
    }
}
