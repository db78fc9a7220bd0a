package org.openpalm.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.PaymentQueries;
import org.openpalm.payments.payment.PaymentStatus;

final class JdbcPaymentQueries implements PaymentQueries {
    private final JdbcTransactor tx;

    JdbcPaymentQueries(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public List<PaymentId> page(MerchantId merchant, Filter filter, Optional<Cursor> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id FROM payments WHERE merchant_id = ?");
        List<Object> params = new ArrayList<>(List.of(merchant.value()));
        filter.status().ifPresent(s -> {
            sql.append(" AND status = ?");
            params.add(s.name());
        });
        filter.from().ifPresent(from -> {
            sql.append(" AND created_at >= ?");
            params.add(from);
        });
        filter.to().ifPresent(to -> {
            sql.append(" AND created_at < ?");
            params.add(to);
        });
        filter.terminal().ifPresent(t -> {
            sql.append(" AND terminal_id = ?");
            params.add(t.value());
        });
        after.ifPresent(cursor -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.add(cursor.createdAt());
            params.add(cursor.createdAt());
            params.add(cursor.after().value());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return tx.run(c -> {
            try (var ps = c.prepareStatement(sql.toString())) {
                Sql.bind(ps, params.toArray());
                return Sql.list(ps, rs -> new PaymentId(rs.getString("id")));
            }
        });
    }

    @Override
    public Optional<PaymentId> oldestAwaitingPalm(TerminalId terminal, Instant since) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id FROM payments WHERE terminal_id = ? AND created_at >= ? "
                    + "AND status IN ('CREATED', 'AWAITING_PALM', 'HINT_NEEDED') ORDER BY created_at, id LIMIT 1")) {
                Sql.bind(ps, terminal.value(), since);
                return Sql.one(ps, rs -> new PaymentId(rs.getString("id")));
            }
        });
    }

    @Override
    public List<Attempt> attempts(MerchantId merchant, Instant from, Instant to) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT created_at, status, auth_code, amount_minor, currency FROM payments "
                    + "WHERE merchant_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id")) {
                Sql.bind(ps, merchant.value(), from, to);
                return Sql.list(ps, rs -> new Attempt(Sql.instant(rs, "created_at"), PaymentStatus.valueOf(rs.getString("status")),
                        rs.getString("auth_code") != null, new Money(rs.getLong("amount_minor"), Currency.require(rs.getString("currency")))));
            }
        });
    }

    @Override
    public List<Transfer> merchantTransfers(MerchantId merchant, Instant from, Instant to) {
        // payable account keys are MERCHANT_PAYABLE:<merchant id>:<currency>
        String accounts = "MERCHANT_PAYABLE:" + merchant.value() + ":%";
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, debit, credit, amount, kind, pending_id, payment_id, posted_at FROM ledger_transfers "
                    + "WHERE posted_at >= ? AND posted_at < ? AND (debit LIKE ? OR credit LIKE ?) ORDER BY seq")) {
                Sql.bind(ps, from, to, accounts, accounts);
                return Sql.list(ps, JdbcJournalStore::transfer);
            }
        });
    }
}
