package org.openpalm.payments.customer;

import java.util.List;
import java.util.Optional;
import org.openpalm.payments.card.Card;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/** Customers, their cards and consents. */
public interface CustomerRepository {
    void insert(Customer customer);

    /** Sets the default card (the only mutable field of a customer). */
    void update(Customer customer);

    Optional<Customer> find(CustomerId id);

    /**
     * The customer who enrolled this palm, with their default card, in one read (the payment
     * path's look-up after a 1:N match); empty when the enrolment is gone (erased).
     */
    Optional<Payer> payerOf(EnrolmentId enrolment);

    Optional<Customer> findByPhone(PhoneNumber phone);

    void insertCard(Card card);

    Optional<Card> findCard(CardId id);

    List<Card> cardsOf(CustomerId customer);

    void saveConsent(Consent consent);

    Optional<Consent> findConsent(CustomerId customer, ConsentKind kind);
}
