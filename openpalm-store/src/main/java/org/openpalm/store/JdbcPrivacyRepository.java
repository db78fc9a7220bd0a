package org.openpalm.store;

import java.time.Instant;
import java.util.List;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.insights.Visit;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.privacy.PrivacyRepository;

final class JdbcPrivacyRepository implements PrivacyRepository {
    private final JdbcTransactor tx;

    JdbcPrivacyRepository(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public List<PalmUse> palmUses() {
        return tx.query("SELECT e.customer_id, MAX(e.enrolled_at) AS enrolled, MAX(p.created_at) AS paid FROM palm_enrolments e "
                + "LEFT JOIN payments p ON p.customer_id = e.customer_id GROUP BY e.customer_id ORDER BY e.customer_id", rs -> {
                    Instant enrolled = Sql.instant(rs, "enrolled");
                    Instant last = Sql.optionalInstant(rs, "paid").filter(paid -> paid.isAfter(enrolled)).orElse(enrolled);
                    return new PalmUse(new CustomerId(rs.getString("customer_id")), last);
                });
    }

    @Override
    public List<Consent> consentsOf(CustomerId customer) {
        return tx.query(JdbcCustomerRepository.CONSENT + "WHERE customer_id = ? ORDER BY kind", JdbcCustomerRepository::consent, customer.value());
    }

    @Override
    public List<PaymentId> paymentsOf(CustomerId customer) {
        return tx.query("SELECT id FROM payments WHERE customer_id = ? ORDER BY created_at, id", rs -> new PaymentId(rs.getString("id")),
                customer.value());
    }

    @Override
    public List<Visit> consentedVisits(MerchantId merchant) {
        // The consent filter is in the join: a customer without an active insights consent is never read.
        return tx.query("SELECT p.customer_id, CASE WHEN p.status = 'CAPTURED' THEN p.captured_minor ELSE p.amount_minor END AS spent, "
                + "p.currency, p.created_at FROM payments p JOIN consents c ON c.customer_id = p.customer_id "
                + "AND c.kind = 'SHOPPING_INSIGHTS' AND c.withdrawn_at IS NULL "
                + "WHERE p.merchant_id = ? AND p.status IN ('AUTHORISED', 'CAPTURED') ORDER BY p.created_at, p.id",
                rs -> new Visit(new CustomerId(rs.getString("customer_id")), new Money(rs.getLong("spent"), Currency.require(rs.getString("currency"))),
                        Sql.instant(rs, "created_at")),
                merchant.value());
    }
}
