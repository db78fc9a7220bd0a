package org.openpalm.payments.age;

import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.payment.Decline;
import org.openpalm.payments.payment.Payment;

/**
 * What the payment service asks of age checks (see {@link AgeService}): a payment whose basket holds
 * age-restricted items (alcohol, tobacco) is checked against the identified payer's attestation
 * after identification and before any card is asked; the reader hears yes or no, never a date.
 */
public interface PaymentAgeCheck {
    /** Inside the transaction creating the payment: its items need {@code minimumAge}. */
    void require(PaymentId payment, int minimumAge);

    /** The decline when the payer may not buy the payment's items (audited); empty when they may, or nothing is restricted. */
    Optional<Decline> refusal(Payment payment, CustomerId payer);

    /** No age checks: payments as before. */
    PaymentAgeCheck NONE = new PaymentAgeCheck() {
        @Override
        public void require(PaymentId payment, int minimumAge) {
            throw new UnsupportedOperationException("age checks are not configured");
        }

        @Override
        public Optional<Decline> refusal(Payment payment, CustomerId payer) {
            return Optional.empty();
        }
    };
}
