package org.openpalm.payments.webhook;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;

/**
 * A payment event to deliver, written in the same transaction as the payment change
 * (transactional outbox), so an event exists exactly when the change committed.
 *
 * @param type {@code payment.authorised}, {@code payment.declined}, {@code payment.captured},
 *             {@code payment.voided} or {@code payment.refunded}
 */
public record OutboxEvent(EventId id, MerchantId merchant, String type, PaymentId payment, long paymentVersion, Instant createdAt) {
    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
