package org.openpalm.payments.customer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;

/** A shopper: a phone number, cards, and at most one default card that palm payments charge. */
public record Customer(CustomerId id, PhoneNumber phone, Optional<CardId> defaultCard, Instant createdAt) {
    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(defaultCard, "defaultCard");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Customer withDefaultCard(CardId card) {
        return new Customer(id, phone, Optional.of(card), createdAt);
    }
}
