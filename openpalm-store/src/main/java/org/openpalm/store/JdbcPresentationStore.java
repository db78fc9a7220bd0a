package org.openpalm.store;

import java.time.Instant;
import org.openpalm.payments.attempt.CaptureDigest;
import org.openpalm.payments.attempt.PresentationStore;

/**
 * Capture digests in {@code palm_capture_digests} and presentation counters in
 * {@code palm_presentation_counts}: the primary keys make the first sighting and the counting
 * atomic across servers (ON CONFLICT DO NOTHING: PostgreSQL, and H2 in its PostgreSQL mode).
 */
final class JdbcPresentationStore implements PresentationStore {
    private final JdbcTransactor tx;

    JdbcPresentationStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Sighting sight(CaptureDigest digest, String origin, Instant seenAt, Instant forgetAt) {
        int inserted = tx.update("INSERT INTO palm_capture_digests (digest, origin, seen_at, forget_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                digest.hex(), origin, seenAt, forgetAt);
        if (inserted == 1) return Sighting.FIRST;
        boolean sameOrigin = tx.query("SELECT origin FROM palm_capture_digests WHERE digest = ?", rs -> rs.getString(1), digest.hex())
                .stream().anyMatch(origin::equals);
        return sameOrigin ? Sighting.SAME_ORIGIN : Sighting.ELSEWHERE;
    }

    @Override
    public boolean remembered(CaptureDigest digest) {
        return !tx.query("SELECT 1 FROM palm_capture_digests WHERE digest = ?", rs -> rs.getInt(1), digest.hex()).isEmpty();
    }

    @Override
    public boolean countWithin(String scope, int limit, Instant forgetAt) {
        // A missing row is inserted once (the key): most presentations are a payment's first, so
        // the insert comes first (one statement). Whoever finds the row there takes the
        // conditional increment, atomic per row; it fails only at the limit (or when the row was
        // purged meanwhile: then once more from the insert).
        if (limit < 1) return false;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (tx.update("INSERT INTO palm_presentation_counts (scope, presentations, forget_at) VALUES (?, 1, ?) ON CONFLICT DO NOTHING",
                    scope, forgetAt) == 1) return true;
            if (tx.update("UPDATE palm_presentation_counts SET presentations = presentations + 1 WHERE scope = ? AND presentations < ?",
                    scope, limit) == 1) return true;
            if (!tx.query("SELECT 1 FROM palm_presentation_counts WHERE scope = ?", rs -> rs.getInt(1), scope).isEmpty()) return false;
        }
        return false;
    }

    @Override
    public int purgeExpired(Instant now) {
        return tx.update("DELETE FROM palm_capture_digests WHERE forget_at < ?", now)
                + tx.update("DELETE FROM palm_presentation_counts WHERE forget_at < ?", now);
    }
}
