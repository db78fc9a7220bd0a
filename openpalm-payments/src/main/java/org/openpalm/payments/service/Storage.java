package org.openpalm.payments.service;

import java.util.Objects;
import org.openpalm.payments.Transactor;
import org.openpalm.payments.customer.CustomerRepository;
import org.openpalm.payments.idempotency.IdempotencyStore;
import org.openpalm.payments.identify.PalmRepository;
import org.openpalm.payments.ledger.JournalStore;
import org.openpalm.payments.merchant.MerchantRepository;
import org.openpalm.payments.merchant.NonceRegistry;
import org.openpalm.payments.payment.PaymentRepository;
import org.openpalm.payments.webhook.WebhookRepository;

/** Every storage port, as one value for wiring. */
public record Storage(Transactor transactor, MerchantRepository merchants, CustomerRepository customers, PalmRepository palms,
                      PaymentRepository payments, JournalStore journal, IdempotencyStore idempotency,
                      WebhookRepository webhooks, NonceRegistry nonces) {
    public Storage {
        Objects.requireNonNull(transactor, "transactor");
        Objects.requireNonNull(merchants, "merchants");
        Objects.requireNonNull(customers, "customers");
        Objects.requireNonNull(palms, "palms");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(nonces, "nonces");
    }
}
