package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ledger.AccountId;
import org.openpalm.payments.ledger.JournalStore;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.ledger.TransferId;
import org.openpalm.payments.ledger.TransferKind;

/**
 * The journal in {@code ledger_transfers}: INSERT and SELECT only (a trigger refuses UPDATE and
 * DELETE). Unique constraints on the id and on the pending id back the ledger's checks.
 */
final class JdbcJournalStore implements JournalStore {
    private static final String SELECT = "SELECT id, debit, credit, amount, kind, pending_id, payment_id, posted_at FROM ledger_transfers ";
    private final JdbcTransactor tx;

    JdbcJournalStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    /**
     * Accounts seen in the table. Accounts are never deleted, so one seen stays; one this store
     * inserted is not remembered (its transaction may still roll back). Saves a query per posting.
     */
    private final java.util.Set<String> accountsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void ensureAccount(AccountId account) {
        if (accountsSeen.contains(account.key())) return;
        tx.exec(c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM ledger_accounts WHERE account_key = ?")) {
                Sql.bind(ps, account.key());
                if (Sql.one(ps, rs -> 1).isPresent()) {
                    if (accountsSeen.size() < 1_000_000) accountsSeen.add(account.key());
                    return;
                }
            }
            // Two transactions may create the same account at once: the loser's insert fails on the key,
            // which is fine. A savepoint keeps PostgreSQL's transaction usable after that failure.
            java.sql.Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
            try (var ps = c.prepareStatement("INSERT INTO ledger_accounts (account_key, kind, currency, merchant_id) VALUES (?, ?, ?, ?)")) {
                Sql.bind(ps, account.key(), account.kind().name(), account.currency().code(), account.merchant().map(MerchantId::value));
                ps.executeUpdate();
                if (savepoint != null) c.releaseSavepoint(savepoint);
            } catch (java.sql.SQLException e) {
                if (!Sql.isUniqueViolation(e)) throw e;
                if (savepoint != null) c.rollback(savepoint);
            }
        });
    }

    @Override
    public void append(Transfer t) {
        tx.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO ledger_transfers (id, debit, credit, amount, kind, pending_id, payment_id, posted_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Sql.bind(ps, t.id().value(), t.debit().key(), t.credit().key(), t.amount(), t.kind().name(),
                        t.pendingId().map(TransferId::value), t.payment().value(), t.at());
                return ps.executeUpdate();
            }
        });
    }

    static Transfer transfer(ResultSet rs) throws SQLException {
        return new Transfer(new TransferId(rs.getString("id")), AccountId.parse(rs.getString("debit")), AccountId.parse(rs.getString("credit")),
                rs.getLong("amount"), TransferKind.valueOf(rs.getString("kind")), Sql.optionalString(rs, "pending_id").map(TransferId::new),
                new PaymentId(rs.getString("payment_id")), Sql.instant(rs, "posted_at"));
    }

    private List<Transfer> query(String where, Object... params) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement(SELECT + where + " ORDER BY seq")) {
                Sql.bind(ps, params);
                return Sql.list(ps, JdbcJournalStore::transfer);
            }
        });
    }

    @Override
    public Optional<Transfer> find(TransferId id) {
        return query("WHERE id = ?", id.value()).stream().findFirst();
    }

    @Override
    public Optional<Transfer> resolutionOf(TransferId pending) {
        return query("WHERE pending_id = ?", pending.value()).stream().findFirst();
    }

    @Override
    public List<Transfer> ofAccount(AccountId account) {
        return query("WHERE debit = ? OR credit = ?", account.key(), account.key());
    }

    @Override
    public List<Transfer> ofPayment(PaymentId payment) {
        return query("WHERE payment_id = ?", payment.value());
    }

    @Override
    public List<Transfer> allTransfers() {
        return query("");
    }

    @Override
    public List<AccountId> accounts() {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT account_key FROM ledger_accounts ORDER BY account_key")) {
                return Sql.list(ps, rs -> AccountId.parse(rs.getString(1)));
            }
        });
    }
}
