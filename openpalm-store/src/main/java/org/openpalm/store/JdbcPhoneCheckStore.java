package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.openpalm.payments.ids.PhoneCheckId;
import org.openpalm.payments.service.PhoneCheckStore;

/** Phone checks of enrolments in progress, in {@code enrolment_phone_checks}. */
final class JdbcPhoneCheckStore implements PhoneCheckStore {
    private final JdbcTransactor tx;

    JdbcPhoneCheckStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void save(PendingPhoneCheck check) {
        tx.update("INSERT INTO enrolment_phone_checks (id, salt, code_hash, issued_at, expires_at, failed_attempts) VALUES (?, ?, ?, ?, ?, ?)",
                check.id().value(), check.salt(), check.codeHash(), check.issuedAt(), check.expiresAt(), check.failedAttempts());
    }

    private static PendingPhoneCheck check(ResultSet rs) throws SQLException {
        return new PendingPhoneCheck(new PhoneCheckId(rs.getString("id")), rs.getString("salt").strip(), rs.getString("code_hash").strip(),
                Sql.instant(rs, "issued_at"), Sql.instant(rs, "expires_at"), rs.getInt("failed_attempts"));
    }

    @Override
    public Optional<PendingPhoneCheck> find(PhoneCheckId id) {
        return tx.query("SELECT id, salt, code_hash, issued_at, expires_at, failed_attempts FROM enrolment_phone_checks WHERE id = ?",
                JdbcPhoneCheckStore::check, id.value()).stream().findFirst();
    }

    @Override
    public int recordFailedAttempt(PhoneCheckId id) {
        return tx.inTransaction(() -> {
            tx.update("UPDATE enrolment_phone_checks SET failed_attempts = failed_attempts + 1 WHERE id = ?", id.value());
            return tx.query("SELECT failed_attempts FROM enrolment_phone_checks WHERE id = ?", rs -> rs.getInt(1), id.value()).stream()
                    .findFirst().orElse(Integer.MAX_VALUE);
        });
    }

    @Override
    public boolean delete(PhoneCheckId id) {
        return tx.update("DELETE FROM enrolment_phone_checks WHERE id = ?", id.value()) == 1;
    }

    @Override
    public int purgeExpired(Instant now) {
        return tx.update("DELETE FROM enrolment_phone_checks WHERE expires_at < ?", now);
    }
}
