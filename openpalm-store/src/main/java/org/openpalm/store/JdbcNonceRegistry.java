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
        // Bookkeeping: a nonce lost with a crash of the database itself could let that one signed
        // request be sent again within the timestamp window, where its Idempotency-Key replays it.
        return tx.runAloneBookkeeping(c -> {
            try (var ps = c.prepareStatement("INSERT INTO terminal_nonces (terminal_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                Sql.bind(ps, terminal.value(), nonce, expiresAt);
                return ps.executeUpdate() == 1;
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
