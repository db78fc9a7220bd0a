package org.openpalm.store;

import java.sql.SQLException;
import java.time.Instant;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.NonceRegistry;

/** Nonces in {@code terminal_nonces}; the primary key makes the first use win, on any instance. */
final class JdbcNonceRegistry implements NonceRegistry {
    private final JdbcTransactor tx;

    JdbcNonceRegistry(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public boolean firstUse(TerminalId terminal, String nonce, Instant expiresAt) {
        return tx.runAlone(c -> {
            try (var ps = c.prepareStatement("INSERT INTO terminal_nonces (terminal_id, nonce, expires_at) VALUES (?, ?, ?)")) {
                Sql.bind(ps, terminal.value(), nonce, expiresAt);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) return false;
                throw e;
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return tx.runAlone(c -> {
            try (var ps = c.prepareStatement("DELETE FROM terminal_nonces WHERE expires_at < ?")) {
                Sql.bind(ps, now);
                return ps.executeUpdate();
            }
        });
    }
}
