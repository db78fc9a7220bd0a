package org.openpalm.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.events.ClaimedEvent;
import org.openpalm.payments.events.EventOutbox;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.webhook.OutboxEvent;

/**
 * The event stream's outbox in {@code event_stream_outbox} (migration V14_2). Rows are written by
 * {@link JdbcWebhookRepository#enqueue} in the payment's transaction when the storage records the
 * event stream; a claim is a conditional update, so of several relays exactly one takes a row.
 */
final class JdbcEventOutbox implements EventOutbox {
    private final JdbcTransactor tx;

    JdbcEventOutbox(JdbcTransactor tx) {
        this.tx = tx;
    }

    /** Inserts the events; called inside the payment's transaction. */
    static void record(java.sql.Connection c, List<OutboxEvent> events) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("INSERT INTO event_stream_outbox (event_id, merchant_id, event_type, payment_id, payment_version, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (OutboxEvent e : events) {
                Sql.bind(ps, e.id().value(), e.merchant().value(), e.type(), e.payment().value(), e.paymentVersion(), e.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private record Candidate(OutboxEvent event, Optional<Instant> lockedUntil) {}

    @Override
    public List<ClaimedEvent> claim(String claimant, Instant now, Instant lockedUntil, int limit) {
        List<Candidate> candidates = tx.query("SELECT event_id, merchant_id, event_type, payment_id, payment_version, created_at, locked_until "
                        + "FROM event_stream_outbox WHERE published_at IS NULL AND (locked_until IS NULL OR locked_until < ?) "
                        + "ORDER BY created_at, payment_id, payment_version FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new Candidate(new OutboxEvent(new EventId(rs.getString(1)), new MerchantId(rs.getString(2)), rs.getString(3),
                        new PaymentId(rs.getString(4)), rs.getLong(5), Sql.instant(rs, "created_at")), Sql.optionalInstant(rs, "locked_until")),
                now);
        List<ClaimedEvent> claimed = new ArrayList<>();
        for (Candidate c : candidates) {
            // in created_at order: a relay that lost an earlier event of a payment to another is refused its later ones
            int taken = tx.update("UPDATE event_stream_outbox SET locked_until = ?, claimed_by = ? WHERE event_id = ? AND published_at IS NULL "
                    + "AND (locked_until IS NULL OR locked_until < ?) AND NOT EXISTS (SELECT 1 FROM event_stream_outbox e WHERE e.payment_id = ? "
                    + "AND e.payment_version < ? AND e.published_at IS NULL AND e.locked_until >= ? AND e.claimed_by <> ?)",
                    lockedUntil, claimant, c.event().id().value(), now, c.event().payment().value(), c.event().paymentVersion(), now, claimant);
            // claimed before and never marked published: the earlier relay may have sent it
            if (taken == 1) claimed.add(new ClaimedEvent(c.event(), c.lockedUntil().isPresent()));
        }
        return List.copyOf(claimed);
    }

    @Override
    public void published(List<EventId> events, Instant at) {
        tx.exec(c -> {
            try (var ps = c.prepareStatement("UPDATE event_stream_outbox SET published_at = ?, locked_until = NULL, claimed_by = NULL WHERE event_id = ?")) {
                for (EventId id : events) {
                    Sql.bind(ps, at, id.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public int unpublishedCount() {
        return tx.run(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM event_stream_outbox WHERE published_at IS NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
