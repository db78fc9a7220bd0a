package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The card network link's state in the database, shared by every server on it: the authorisation
 * message of each payment, the capture and refund messages, and the reversals not yet
 * acknowledged (tables of migration V14). Messages are packed ISO 8583 bytes; this class knows no
 * message format (the server's network adapter encodes and decodes them), so the store does not
 * depend on the ISO 8583 module.
 *
 * <p>A payment's authorisation is changed under a row lock ({@code SELECT ... FOR UPDATE}) in one
 * transaction, so two servers retrying the same payment at once agree on one message: the second
 * waits for the first and then sees its message.
 */
public final class JdbcNetworkState {
    /** Kind of {@link #messageOnce} rows: a capture (completion advice), keyed {@code payment:amount}. */
    public static final String CAPTURE = "C";
    /** Kind of {@link #messageOnce} rows: a refund, keyed by the refund id. */
    public static final String REFUND = "F";

    /** A packed authorisation message and the key the network knows it by: terminal|STAN|epoch second of the message. */
    public record AuthorisationMessage(byte[] packed, String networkKey) {
        public AuthorisationMessage {
            packed = Objects.requireNonNull(packed, "packed").clone();
            Objects.requireNonNull(networkKey, "networkKey");
        }

        @Override
        public byte[] packed() {
            return packed.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AuthorisationMessage m && Arrays.equals(m.packed, packed) && m.networkKey.equals(networkKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(packed) * 31 + networkKey.hashCode();
        }

        /** The key only: the packed message holds the card's token and expiry (ISO 8583 fields 2 and 14). */
        @Override
        public String toString() {
            return "AuthorisationMessage[" + networkKey + "]";
        }
    }

    /** A payment's recorded authorisation: the message last sent for it, and whether it has been reversed. */
    public record StoredAuthorisation(AuthorisationMessage sent, boolean reversed) {
        public StoredAuthorisation {
            Objects.requireNonNull(sent, "sent");
        }
    }

    private final JdbcTransactor tx;
    private final Clock clock;

    public JdbcNetworkState(Database database, Clock clock) {
        this.tx = new JdbcTransactor(database.dataSource());
        this.clock = clock;
    }

    private static StoredAuthorisation storedAuthorisation(ResultSet row) throws SQLException {
        return new StoredAuthorisation(new AuthorisationMessage(row.getBytes(1), row.getString(2)), row.getBoolean(3));
    }

    /** The payment's recorded authorisation, if any server sent one. */
    public Optional<StoredAuthorisation> authorisation(String payment) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT message, network_key, reversed FROM network_authorisations WHERE payment_id = ?")) {
                Sql.bind(ps, payment);
                return Sql.one(ps, JdbcNetworkState::storedAuthorisation);
            }
        });
    }

    /**
     * Decides the payment's authorisation under its row lock: {@code decide} sees the current record
     * and returns a new one to record (replacing it, unreversed) or empty to keep it. Work that
     * {@code decide} does on this store (e.g. {@link #addReversal} of a replaced message) joins the
     * same transaction. Two servers deciding for a payment with no row yet: one insert wins, the
     * other decides again over the winner's row.
     *
     * @return the record in force afterwards
     */
    public StoredAuthorisation decideAuthorisation(String payment, Function<Optional<StoredAuthorisation>, Optional<AuthorisationMessage>> decide) {
        for (int attempt = 0; ; attempt++) {
            try {
                return tx.inTransaction(() -> tx.run(c -> {
                    Optional<StoredAuthorisation> current;
                    try (var ps = c.prepareStatement("SELECT message, network_key, reversed FROM network_authorisations WHERE payment_id = ? FOR UPDATE")) {
                        Sql.bind(ps, payment);
                        current = Sql.one(ps, JdbcNetworkState::storedAuthorisation);
                    }
                    Optional<AuthorisationMessage> next = decide.apply(current);
                    if (next.isEmpty()) {
                        return current.orElseThrow(() -> new IllegalStateException("nothing recorded and nothing to record for " + payment));
                    }
                    String sql = current.isPresent()
                            ? "UPDATE network_authorisations SET message = ?, network_key = ?, reversed = FALSE, updated_at = ? WHERE payment_id = ?"
                            : "INSERT INTO network_authorisations (message, network_key, reversed, updated_at, payment_id) VALUES (?, ?, FALSE, ?, ?)";
                    try (var ps = c.prepareStatement(sql)) {
                        Sql.bind(ps, next.get().packed(), next.get().networkKey(), clock.instant(), payment);
                        ps.executeUpdate();
                    }
                    return new StoredAuthorisation(next.get(), false);
                }));
            } catch (StoreException e) {
                if (attempt == 0 && e.getCause() instanceof SQLException s && Sql.isUniqueViolation(s)) continue; // lost the first insert
                throw e;
            }
        }
    }

    /** Marks the payment's authorisation reversed when it is still the message {@code networkKey} names. */
    public boolean markReversed(String payment, String networkKey) {
        return tx.update("UPDATE network_authorisations SET reversed = TRUE, updated_at = ? WHERE payment_id = ? AND network_key = ? AND reversed = FALSE",
                clock.instant(), payment, networkKey) == 1;
    }

    /** Marks reversed the authorisation sent as {@code networkKey} (a reversal advice names its original so). */
    public boolean markReversedByNetworkKey(String networkKey) {
        return tx.update("UPDATE network_authorisations SET reversed = TRUE, updated_at = ? WHERE network_key = ? AND reversed = FALSE",
                clock.instant(), networkKey) > 0;
    }

    /** Records a payment's authorisation as it stands elsewhere (the import of a server's old trace file); an existing row wins. */
    public void importAuthorisation(String payment, StoredAuthorisation record) {
        tx.exec(c -> {
            try (var ps = c.prepareStatement("INSERT INTO network_authorisations (payment_id, message, network_key, reversed, updated_at) VALUES (?, ?, ?, "
                    + (record.reversed() ? "TRUE" : "FALSE") + ", ?)")) {
                Sql.bind(ps, payment, record.sent().packed(), record.sent().networkKey(), clock.instant());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) throw e;
            }
        });
    }

    /**
     * The message of kind {@code kind} ({@link #CAPTURE}, {@link #REFUND}) under {@code key}: the
     * recorded one, else {@code fresh}'s, recorded first. Servers racing for one key all get the
     * message that was recorded first.
     */
    public byte[] messageOnce(String kind, String key, Supplier<byte[]> fresh) {
        Optional<byte[]> existing = message(kind, key);
        if (existing.isPresent()) return existing.get();
        byte[] message = fresh.get();
        boolean inserted = tx.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO network_messages (kind, message_key, message, created_at) VALUES (?, ?, ?, ?)")) {
                Sql.bind(ps, kind, key, message, clock.instant());
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) return false;
                throw e;
            }
        });
        return inserted ? message : message(kind, key).orElseThrow(() -> new IllegalStateException("message " + kind + " " + key + " vanished"));
    }

    private Optional<byte[]> message(String kind, String key) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT message FROM network_messages WHERE kind = ? AND message_key = ?")) {
                Sql.bind(ps, kind, key);
                return Sql.one(ps, rs -> rs.getBytes(1));
            }
        });
    }

    /** Journals a reversal until {@link #acknowledgeReversal}; adding an id twice keeps one row. Durable on return. */
    public void addReversal(String id, byte[] advice) {
        tx.exec(c -> {
            // not an insert that fails on a repeat: inside a transaction PostgreSQL would abort it
            try (var ps = c.prepareStatement("INSERT INTO network_reversals (id, advice, added_at) SELECT ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM network_reversals WHERE id = ?)")) {
                Sql.bind(ps, id, advice, clock.instant(), id);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) throw e;
            }
        });
    }

    /** The network acknowledged the reversal; idempotent. */
    public void acknowledgeReversal(String id) {
        tx.update("DELETE FROM network_reversals WHERE id = ?", id);
    }

    /** The packed reversal advices not acknowledged yet, by any server, oldest first. */
    public List<byte[]> pendingReversals() {
        return tx.query("SELECT advice FROM network_reversals ORDER BY added_at, id", rs -> rs.getBytes(1));
    }

    /** The highest STAN (ISO 8583 field 11 is six digits); STANs cycle through 1..{@value}. */
    public static final int MAX_STAN = 999_999;

    /**
     * Reserves the next {@code size} STANs for one link, in their own transaction (committed even
     * when the caller's transaction rolls back, so a block is never handed out twice).
     *
     * @return the first STAN of the block; the block is {@code first .. first + size - 1}, never past {@link #MAX_STAN}
     */
    public int reserveStanBlock(int size) {
        if (size < 1 || size > 100_000) throw new IllegalArgumentException("STAN block size must be 1..100000");
        return tx.runAlone(c -> {
            c.setAutoCommit(false);
            try {
                int first;
                try (var ps = c.prepareStatement("SELECT next_stan FROM network_stan_blocks WHERE id = 1 FOR UPDATE");
                     var rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("network_stan_blocks has no row: migration V14_3 missing");
                    first = rs.getInt(1);
                }
                if (first + size - 1 > MAX_STAN) first = 1; // the rest of the cycle is too short: start again at 1
                int next = first + size > MAX_STAN ? 1 : first + size;
                try (var ps = c.prepareStatement("UPDATE network_stan_blocks SET next_stan = ? WHERE id = 1")) {
                    Sql.bind(ps, next);
                    ps.executeUpdate();
                }
                c.commit();
                return first;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** The number of reversals not acknowledged yet. */
    public int pendingReversalCount() {
        return tx.run(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM network_reversals")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
