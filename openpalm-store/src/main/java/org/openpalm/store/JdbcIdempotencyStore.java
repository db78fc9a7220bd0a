package org.openpalm.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.openpalm.payments.idempotency.Claim;
import org.openpalm.payments.idempotency.IdempotencyKey;
import org.openpalm.payments.idempotency.IdempotencyStore;
import org.openpalm.payments.idempotency.RequestFingerprint;
import org.openpalm.payments.idempotency.StoredResponse;

/**
 * Idempotency keys, each claimed by an INSERT that only one request can win (primary key), on its
 * own auto-commit connection so that the claim is visible at once and never rolled back by the
 * work it guards.
 */
final class JdbcIdempotencyStore implements IdempotencyStore {
    private final JdbcTransactor tx;

    JdbcIdempotencyStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Claim claim(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Instant now, Instant abandonedBefore) {
        // Bookkeeping: the claim excludes concurrent copies of the request at once; a claim lost
        // with a crash of the database itself lets a retry run the work again, as a claim
        // abandoned by a crashed server does, and every money movement has claims of its own.
        return tx.runAloneBookkeeping(c -> {
            try (var ps = c.prepareStatement("INSERT INTO idempotency_keys (scope, idem_key, fingerprint, created_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                Sql.bind(ps, scope, key.value(), fingerprint.sha256Hex(), now);
                if (ps.executeUpdate() == 1) return new Claim.Acquired();
            }
            // an in-progress claim older than the lease was abandoned by a crashed process: take it over
            try (var ps = c.prepareStatement("UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND idem_key = ? "
                    + "AND fingerprint = ? AND status IS NULL AND created_at < ?")) {
                Sql.bind(ps, now, scope, key.value(), fingerprint.sha256Hex(), abandonedBefore);
                if (ps.executeUpdate() == 1) return new Claim.Acquired();
            }
            try (var ps = c.prepareStatement("SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = ? AND idem_key = ?")) {
                Sql.bind(ps, scope, key.value());
                Optional<Claim> existing = Sql.one(ps, rs -> {
                    if (!rs.getString("fingerprint").equals(fingerprint.sha256Hex())) return new Claim.Conflict();
                    int status = rs.getInt("status");
                    if (rs.wasNull()) return new Claim.InProgress();
                    return new Claim.Replay(new StoredResponse(status, rs.getString("body")));
                });
                return existing.orElseGet(Claim.InProgress::new); // released between our insert and select
            }
        });
    }

    @Override
    public boolean claimNew(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Instant now) {
        // ON CONFLICT DO NOTHING (PostgreSQL, and H2 in its PostgreSQL mode): a used key is an
        // answer, not an error that would abort the caller's transaction.
        return tx.update("INSERT INTO idempotency_keys (scope, idem_key, fingerprint, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                scope, key.value(), fingerprint.sha256Hex(), now) == 1;
    }

    @Override
    public void complete(String scope, IdempotencyKey key, StoredResponse response) {
        // Inside a caller's transaction (executeAtomically) this joins it; alone it is bookkeeping:
        // a response lost with a crash of the database leaves the claim to expire and the retry to
        // run the work again, as after a server crash between the work and this write.
        tx.runBookkeeping(c -> {
            try (var ps = c.prepareStatement("UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND idem_key = ?")) {
                Sql.bind(ps, response.status(), response.body(), scope, key.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void release(String scope, IdempotencyKey key) {
        tx.runAloneBookkeeping(c -> {
            try (var ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND status IS NULL")) {
                Sql.bind(ps, scope, key.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff) {
        return tx.runAlone(c -> {
            try (var ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
                Sql.bind(ps, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
