package org.openpalm.payments.loyalty;

/**
 * Loyalty tuning.
 *
 * @param priceHoldSeconds how long a member's price, set before authorisation, holds its stamps and
 *                         points against the member's other payments when its payment is neither
 *                         authorised nor released (a server that died between the two): longer than
 *                         any authorisation, so a held price is never counted twice, yet short enough
 *                         that the member's next payment is not priced without them for long
 */
public record LoyaltyConfig(long priceHoldSeconds) {
    public static final LoyaltyConfig DEFAULT = new LoyaltyConfig(120);

    public LoyaltyConfig {
        if (priceHoldSeconds < 1) throw new IllegalArgumentException("priceHoldSeconds must be positive");
    }
}
