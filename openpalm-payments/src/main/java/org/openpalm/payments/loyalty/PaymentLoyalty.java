package org.openpalm.payments.loyalty;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentEvent;
import org.openpalm.payments.webhook.OutboxEvent;

/** What the payment service asks of the loyalty programmes (see {@link LoyaltyService}). */
public interface PaymentLoyalty {
    /**
     * The member's price for this payment, before authorisation (outside any transaction); empty for
     * a non-member. The price is held (its stamps and points count for the member's other payments)
     * until {@link #posted} settles it or {@link #release} drops it.
     */
    Optional<LoyaltyApplication> priceFor(Payment payment, CustomerId customer, Instant now);

    /** The payment was not authorised at the price given (declined, network unavailable): its hold goes. */
    void release(PaymentId payment);

    /**
     * Inside the transaction of the payment change: records {@code applying} (at authorisation, or
     * a free payment's cancellation) and posts the points entries of {@code event}; returns the
     * webhook events to enqueue with the payment's.
     */
    List<OutboxEvent> posted(Payment after, PaymentEvent event, Optional<LoyaltyApplication> applying, Instant at);

    /** No programmes: payments as before. */
    PaymentLoyalty NONE = new PaymentLoyalty() {
        @Override
        public Optional<LoyaltyApplication> priceFor(Payment payment, CustomerId customer, Instant now) {
            return Optional.empty();
        }

        @Override
        public void release(PaymentId payment) {
        }

        @Override
        public List<OutboxEvent> posted(Payment after, PaymentEvent event, Optional<LoyaltyApplication> applying, Instant at) {
            return List.of();
        }
    };
}
