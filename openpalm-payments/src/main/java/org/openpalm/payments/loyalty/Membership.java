package org.openpalm.payments.loyalty;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;

/**
 * A shopper's membership of a merchant's programme: their consent to use their palm as this
 * merchant's loyalty card (text version and channel), the name shown at the reader and gates.
 */
public record Membership(MerchantId merchant, CustomerId customer, String displayName, String consentTextVersion,
                         ConsentChannel channel, Instant joinedAt, Optional<Instant> leftAt) {
    public Membership {
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(consentTextVersion, "consentTextVersion");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(leftAt, "leftAt");
        if (displayName.isBlank() || displayName.length() > 100) throw new IllegalArgumentException("display name must be 1 to 100 characters");
        if (consentTextVersion.isBlank() || consentTextVersion.length() > 40) throw new IllegalArgumentException("consent text version must be 1 to 40 characters");
    }

    public boolean active() {
        return leftAt.isEmpty();
    }
}
