package org.openpalm.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.portal.PortalStore;

final class JdbcPortalStore implements PortalStore {
    private final JdbcTransactor tx;
    /** Pending codes are found by the phone's keyed hash: the number itself is not stored. */
    private final java.util.function.Function<PhoneNumber, String> lookupHash;

    JdbcPortalStore(JdbcTransactor tx, java.util.function.Function<PhoneNumber, String> lookupHash) {
        this.tx = tx;
        this.lookupHash = lookupHash;
    }

    @Override
    public String phoneSubject(PhoneNumber phone) {
        return "phone:" + lookupHash.apply(phone);
    }

    @Override
    public void saveCode(PendingCode code) {
        tx.inTransaction(() -> {
            String hash = lookupHash.apply(code.phone());
            tx.update("DELETE FROM portal_codes WHERE phone_hash = ?", hash);
            return tx.update("INSERT INTO portal_codes (phone_hash, salt, code_hash, issued_at, expires_at, failed_attempts) VALUES (?, ?, ?, ?, ?, ?)",
                    hash, code.salt(), code.codeHash(), code.issuedAt(), code.expiresAt(), code.failedAttempts());
        });
    }

    @Override
    public Optional<PendingCode> findCode(PhoneNumber phone) {
        return tx.query("SELECT salt, code_hash, issued_at, expires_at, failed_attempts FROM portal_codes WHERE phone_hash = ?",
                rs -> new PendingCode(phone, rs.getString("salt").strip(), rs.getString("code_hash").strip(),
                        Sql.instant(rs, "issued_at"), Sql.instant(rs, "expires_at"), rs.getInt("failed_attempts")),
                lookupHash.apply(phone)).stream().findFirst();
    }

    @Override
    public int recordFailedAttempt(PhoneNumber phone) {
        String hash = lookupHash.apply(phone);
        return tx.inTransaction(() -> {
            tx.update("UPDATE portal_codes SET failed_attempts = failed_attempts + 1 WHERE phone_hash = ?", hash);
            return tx.query("SELECT failed_attempts FROM portal_codes WHERE phone_hash = ?", rs -> rs.getInt(1), hash).stream()
                    .findFirst().orElse(Integer.MAX_VALUE);
        });
    }

    @Override
    public void deleteCode(PhoneNumber phone) {
        tx.update("DELETE FROM portal_codes WHERE phone_hash = ?", lookupHash.apply(phone));
    }

    @Override
    public void saveSession(Session s) {
        tx.update("INSERT INTO portal_sessions (token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                s.tokenHash(), s.customer().value(), s.createdAt(), s.expiresAt());
    }

    @Override
    public Optional<Session> findSession(String tokenHash) {
        return tx.query("SELECT token_hash, customer_id, created_at, expires_at FROM portal_sessions WHERE token_hash = ?",
                rs -> new Session(rs.getString("token_hash").strip(), new CustomerId(rs.getString("customer_id")), Sql.instant(rs, "created_at"),
                        Sql.instant(rs, "expires_at")), tokenHash).stream().findFirst();
    }

    @Override
    public void deleteSession(String tokenHash) {
        tx.update("DELETE FROM portal_sessions WHERE token_hash = ?", tokenHash);
    }

    @Override
    public <T> T withAttemptCounter(String subject, Function<Optional<AttemptCounter>, CounterStep<T>> step) {
        return tx.inTransaction(() -> {
            // a placeholder row first (a no-op when it exists), so that FOR UPDATE always has a row to lock
            tx.update("INSERT INTO portal_attempts (subject, attempt_day, attempts, last_attempt_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
                    subject, LocalDate.EPOCH, Instant.EPOCH);
            Optional<AttemptCounter> current = tx.query("SELECT attempt_day, attempts, last_attempt_at FROM portal_attempts WHERE subject = ? FOR UPDATE",
                    rs -> new AttemptCounter(rs.getObject("attempt_day", LocalDate.class), rs.getInt("attempts"), Sql.instant(rs, "last_attempt_at")),
                    subject).stream().findFirst().filter(c -> c.attempts() > 0);
            CounterStep<T> decided = step.apply(current);
            decided.store().ifPresent(c -> tx.update("UPDATE portal_attempts SET attempt_day = ?, attempts = ?, last_attempt_at = ? WHERE subject = ?",
                    c.day(), c.attempts(), c.lastAttemptAt(), subject));
            return decided.answer();
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return tx.update("DELETE FROM portal_codes WHERE expires_at <= ?", now) + tx.update("DELETE FROM portal_sessions WHERE expires_at <= ?", now)
                + tx.update("DELETE FROM portal_attempts WHERE attempt_day < ?", LocalDate.ofInstant(now, java.time.ZoneOffset.UTC));
    }
}
