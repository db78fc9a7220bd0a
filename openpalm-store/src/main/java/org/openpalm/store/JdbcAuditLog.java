package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.openpalm.payments.audit.AuditChain;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditHead;
import org.openpalm.payments.audit.AuditLog;

/**
 * The audit log in {@code audit_log} (append-only by trigger) with its head in {@code audit_head}.
 * An append locks the head row ({@code SELECT ... FOR UPDATE}), so appends from concurrent
 * transactions, even of other processes, take their turn and the chain never forks.
 */
final class JdbcAuditLog implements AuditLog {
    private static final String SELECT = "SELECT seq, occurred_at, actor, action, subject, details, prev_hash, hash FROM audit_log ";
    private final JdbcTransactor tx;

    JdbcAuditLog(JdbcTransactor tx) {
        this.tx = tx;
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), Sql.instant(rs, "occurred_at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("subject"), rs.getString("details"), rs.getString("prev_hash").strip(), rs.getString("hash").strip());
    }

    @Override
    public AuditEntry append(AuditEvent event, Instant at) {
        return tx.inTransaction(() -> tx.run(c -> {
            AuditHead head;
            try (var ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")) {
                head = Sql.one(ps, rs -> new AuditHead(rs.getLong("seq"), rs.getString("hash").strip()))
                        .orElseThrow(() -> new StoreException("audit_head row is missing", null));
            }
            AuditEntry e = AuditChain.next(head, event, at);
            try (var ps = c.prepareStatement("INSERT INTO audit_log (seq, occurred_at, actor, action, subject, details, prev_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Sql.bind(ps, e.seq(), e.at(), e.actor(), e.action(), e.subject(), e.details(), e.prevHash(), e.hash());
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                Sql.bind(ps, e.seq(), e.hash());
                ps.executeUpdate();
            }
            return e;
        }));
    }

    @Override
    public List<AuditEntry> about(String subject) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement(SELECT + "WHERE subject = ? ORDER BY seq")) {
                Sql.bind(ps, subject);
                return Sql.list(ps, JdbcAuditLog::entry);
            }
        });
    }

    @Override
    public List<AuditEntry> page(long afterSeq, int limit) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement(SELECT + "WHERE seq > ? ORDER BY seq LIMIT ?")) {
                Sql.bind(ps, afterSeq, limit);
                return Sql.list(ps, JdbcAuditLog::entry);
            }
        });
    }

    @Override
    public void forEachInOrder(Consumer<AuditEntry> sink) {
        // In a transaction so PostgreSQL streams with a cursor (fetch size) instead of loading all rows.
        tx.inTransaction(() -> tx.run(c -> {
            try (var ps = c.prepareStatement(SELECT + "ORDER BY seq")) {
                ps.setFetchSize(1_000);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(entry(rs));
                }
            }
            return Boolean.TRUE;
        }));
    }

    @Override
    public AuditHead head() {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1")) {
                // a deleted head row is itself tampering: verification then sees a chain longer than the head
                return Sql.one(ps, rs -> new AuditHead(rs.getLong("seq"), rs.getString("hash").strip())).orElse(AuditHead.EMPTY);
            }
        });
    }
}
