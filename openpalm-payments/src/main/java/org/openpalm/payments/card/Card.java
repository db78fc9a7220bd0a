package org.openpalm.payments.card;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;

/** A customer's card as the platform knows it: a network token and display data, never the number. */
public record Card(CardId id, CustomerId customer, NetworkToken token, String last4, CardBrand brand,
                   PaymentAccountReference accountReference, Expiry expiry, Instant createdAt) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{4}");

    public Card {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(accountReference, "accountReference");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!FORMAT.matcher(last4).matches()) throw new IllegalArgumentException("last4 must be four digits");
    }
}
