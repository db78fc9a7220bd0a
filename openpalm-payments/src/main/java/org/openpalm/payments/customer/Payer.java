package org.openpalm.payments.customer;

import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.card.Card;

/** A recognised shopper and the card a palm payment charges (their default card, if any). */
public record Payer(Customer customer, Optional<Card> defaultCard) {
    public Payer {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(defaultCard, "defaultCard");
    }
}
