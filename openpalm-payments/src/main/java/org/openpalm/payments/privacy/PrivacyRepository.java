package org.openpalm.payments.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.insights.Visit;

/** Port: the queries privacy and insights need across customers, consents, palms and payments. */
public interface PrivacyRepository {
    /** When a customer holding palm data last used it: their latest palm payment, else their enrolment. */
    record PalmUse(CustomerId customer, Instant lastUsed) {
        public PalmUse {
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(lastUsed, "lastUsed");
        }
    }

    /** Every customer holding palm data, with the time of its last use. */
    List<PalmUse> palmUses();

    /** Every consent record of a customer (granted or withdrawn), by kind. */
    List<Consent> consentsOf(CustomerId customer);

    /** The customer's payments, oldest first. */
    List<PaymentId> paymentsOf(CustomerId customer);

    /**
     * Approved payments (authorised or captured) at a merchant by customers whose shopping-insights
     * consent is in force now: everyone else is left out in the query itself.
     */
    List<Visit> consentedVisits(MerchantId merchant);
}
