package org.openpalm.payments.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;

/** "Use my palm to enter <merchant>": a consent of its own, per merchant, apart from payment and loyalty. */
public record EntryConsent(MerchantId merchant, CustomerId customer, String textVersion, ConsentChannel channel, Instant grantedAt,
                           Optional<Instant> withdrawnAt) {
    public EntryConsent {
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(textVersion, "textVersion");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(withdrawnAt, "withdrawnAt");
        if (textVersion.isBlank() || textVersion.length() > 40) throw new IllegalArgumentException("consent text version must be 1 to 40 characters");
    }

    public boolean active() {
        return withdrawnAt.isEmpty();
    }
}
