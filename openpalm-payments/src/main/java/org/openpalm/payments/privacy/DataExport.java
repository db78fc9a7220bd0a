package org.openpalm.payments.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.card.CardBrand;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.payment.Payment;

/**
 * Everything held about a customer (right of access): profile, cards as last four digits and brand
 * only, consents, payments, the audit trail of their data, and how many palm enrolments are held.
 * Never templates, tokens or card numbers.
 */
public record DataExport(Instant exportedAt, Customer customer, List<CardSummary> cards, List<Consent> consents, List<Payment> payments,
                         int palmEnrolments, List<AuditEntry> audit) {
    /** A card as the customer may see it. */
    public record CardSummary(CardId id, String last4, CardBrand brand, Instant addedAt, boolean isDefault) {}

    public DataExport {
        Objects.requireNonNull(exportedAt, "exportedAt");
        Objects.requireNonNull(customer, "customer");
        cards = List.copyOf(cards);
        consents = List.copyOf(consents);
        payments = List.copyOf(payments);
        audit = List.copyOf(audit);
    }
}
