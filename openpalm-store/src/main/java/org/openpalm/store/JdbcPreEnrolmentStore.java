package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.service.PreEnrolmentStore;

/** Pending pre-enrolments in {@code pre_enrolments}, their palms marked in {@code palm_enrolments.status}. */
final class JdbcPreEnrolmentStore implements PreEnrolmentStore {
    static final String PENDING = "PENDING_CONFIRMATION";
    static final String ACTIVE = "ACTIVE";
    private static final String COLUMNS = "SELECT customer_id, hint, created_at, expires_at, failed_confirmations FROM pre_enrolments ";

    private final JdbcTransactor tx;

    JdbcPreEnrolmentStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    private static Pending pending(ResultSet rs) throws SQLException {
        return new Pending(new CustomerId(rs.getString("customer_id")), new PalmHint(rs.getString("hint").strip()), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"), rs.getInt("failed_confirmations"));
    }

    @Override
    public void markPending(Pending pending, List<EnrolmentId> palms) {
        tx.inTransaction(() -> {
            for (EnrolmentId palm : palms) {
                if (tx.update("UPDATE palm_enrolments SET status = ? WHERE id = ? AND customer_id = ?", PENDING, palm.value(),
                        pending.customer().value()) != 1) {
                    throw new StoreException("no palm enrolment " + palm.value() + " of customer " + pending.customer().value(), null);
                }
            }
            tx.update("INSERT INTO pre_enrolments (customer_id, hint, created_at, expires_at, failed_confirmations) VALUES (?, ?, ?, ?, ?)",
                    pending.customer().value(), pending.hint().lastFourDigits(), pending.createdAt(), pending.expiresAt(), pending.failedConfirmations());
            return null;
        });
    }

    @Override
    public List<Pending> withHint(PalmHint hint, Instant now) {
        return tx.query(COLUMNS + "WHERE hint = ? AND expires_at > ? ORDER BY created_at, customer_id", JdbcPreEnrolmentStore::pending,
                hint.lastFourDigits(), now);
    }

    @Override
    public Optional<Pending> find(CustomerId customer) {
        return tx.query(COLUMNS + "WHERE customer_id = ?", JdbcPreEnrolmentStore::pending, customer.value()).stream().findFirst();
    }

    @Override
    public boolean anyPending(Instant now) {
        return !tx.query("SELECT customer_id FROM pre_enrolments WHERE expires_at > ? FETCH FIRST 1 ROWS ONLY", rs -> rs.getString(1), now).isEmpty();
    }

    @Override
    public int recordFailedConfirmation(CustomerId customer) {
        return tx.inTransaction(() -> {
            if (tx.update("UPDATE pre_enrolments SET failed_confirmations = failed_confirmations + 1 WHERE customer_id = ?", customer.value()) == 0) {
                return 0;
            }
            return tx.query("SELECT failed_confirmations FROM pre_enrolments WHERE customer_id = ?", rs -> rs.getInt(1), customer.value())
                    .stream().findFirst().orElse(0);
        });
    }

    @Override
    public boolean activate(CustomerId customer) {
        return tx.inTransaction(() -> {
            // the delete decides between two confirmations at once: one of them removes the row
            if (tx.update("DELETE FROM pre_enrolments WHERE customer_id = ?", customer.value()) != 1) return false;
            tx.update("UPDATE palm_enrolments SET status = ? WHERE customer_id = ?", ACTIVE, customer.value());
            return true;
        });
    }

    @Override
    public List<Pending> lapsed(Instant now) {
        return tx.query(COLUMNS + "WHERE expires_at <= ? ORDER BY expires_at", JdbcPreEnrolmentStore::pending, now);
    }

    @Override
    public boolean deletePending(CustomerId customer) {
        return tx.inTransaction(() -> {
            if (tx.update("DELETE FROM pre_enrolments WHERE customer_id = ?", customer.value()) != 1) return false;
            String id = customer.value();
            tx.update("DELETE FROM palm_templates WHERE enrolment_id IN (SELECT id FROM palm_enrolments WHERE customer_id = ?)", id);
            tx.update("DELETE FROM palm_enrolments WHERE customer_id = ?", id);
            tx.update("DELETE FROM portal_sessions WHERE customer_id = ?", id);
            tx.update("DELETE FROM consents WHERE customer_id = ?", id);
            tx.update("UPDATE customers SET default_card_id = NULL WHERE id = ?", id);
            tx.update("DELETE FROM cards WHERE customer_id = ?", id);
            tx.update("DELETE FROM customers WHERE id = ?", id);
            return true;
        });
    }
}
