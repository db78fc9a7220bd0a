package org.openpalm.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.keys.KeyFingerprint;
import org.openpalm.payments.keys.KeyFingerprint.Kind;

/**
 * The check that a server holds the keys the database's data is sealed with. The first server to
 * start on a database records a fingerprint of each of its current keys (data key, template
 * protection key, phone look-up key); every later start, of this server or another, compares its
 * keys with the recorded ones and refuses to start when one differs or is missing, saying which:
 * two servers with different keys would each write rows the other cannot read (and palms the other
 * cannot match). Keys added by rotation are recorded when first seen.
 *
 * <p>A fingerprint is {@link KeyFingerprint}'s: it identifies the key without revealing anything
 * of it, and is the one the cluster's members compare.
 */
public final class KeyFingerprints {
    private static final String LOOKUP_ID = "lookup";

    /** The outcome of {@link #verifyOrRecord}. */
    public sealed interface Check {
        /** The keys match the recorded ones; {@code recorded} counts the fingerprints recorded now (a first start, a rotation). */
        record Matches(int recorded) implements Check {}

        /** The server's keys are not the database's: it must not start. */
        record Refused(String reason) implements Check {}
    }

    private KeyFingerprints() {}

    /** Compares {@code keys} with the fingerprints recorded in {@code database}, recording those of keys it has not seen. */
    public static Check verifyOrRecord(Database database, KeyProvider keys, Clock clock) {
        JdbcTransactor tx = new JdbcTransactor(database.dataSource());
        record Row(String kind, String keyId, String fingerprint) {}
        List<Row> recorded = tx.query("SELECT kind, key_id, fingerprint FROM key_fingerprints ORDER BY kind, key_id",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
        List<String> problems = new ArrayList<>();
        for (Row row : recorded) {
            Optional<Kind> kind = Kind.ofLabel(row.kind());
            if (kind.isEmpty()) {
                problems.add("the database records a key of a kind this server does not know (" + row.kind() + "): a newer version wrote it");
                continue;
            }
            Optional<String> mine = fingerprint(keys, kind.get(), row.keyId());
            if (mine.isEmpty()) problems.add("the database uses " + describe(kind.get(), row.keyId()) + ", which this server's key provider lacks");
            else if (!mine.get().equals(row.fingerprint())) {
                problems.add("this server's " + describe(kind.get(), row.keyId()) + " differs from the one the database uses (fingerprint "
                        + mine.get().substring(0, 12) + "..., recorded " + row.fingerprint().substring(0, 12) + "...)");
            }
        }
        if (!problems.isEmpty()) {
            return new Check.Refused("refusing to start: this server's keys are not the ones the database (and the servers sharing it) use: "
                    + String.join("; ", problems) + ". Point keys.file at the shared key file of the other servers (or the same key service).");
        }
        int added = 0;
        for (Kind kind : Kind.values()) {
            String keyId = currentKeyId(keys, kind);
            Row mine = new Row(kind.label(), keyId, fingerprint(keys, kind, keyId).orElseThrow());
            if (recorded.stream().anyMatch(r -> r.kind().equals(mine.kind()) && r.keyId().equals(mine.keyId()))) continue;
            boolean inserted = tx.run(c -> {
                try (var ps = c.prepareStatement("INSERT INTO key_fingerprints (kind, key_id, fingerprint, recorded_at) VALUES (?, ?, ?, ?)")) {
                    Sql.bind(ps, mine.kind(), mine.keyId(), mine.fingerprint(), clock.instant());
                    ps.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    if (Sql.isUniqueViolation(e)) return false;
                    throw e;
                }
            });
            if (inserted) {
                added++;
            } else {
                // another server recorded this key at the same moment: it must be the same key
                return verifyOrRecord(database, keys, clock);
            }
        }
        return new Check.Matches(added);
    }

    /** The id of the key of {@code kind} this provider seals new data with. */
    private static String currentKeyId(KeyProvider keys, Kind kind) {
        return switch (kind) {
            case DATA -> keys.current().id();
            case PROTECTION -> keys.currentProtection().id();
            case LOOKUP -> LOOKUP_ID;
        };
    }

    private static String describe(Kind kind, String keyId) {
        return switch (kind) {
            case DATA -> "data key '" + keyId + "'";
            case PROTECTION -> "template protection key '" + keyId + "'";
            case LOOKUP -> "phone look-up key";
        };
    }

    /** This provider's fingerprint of the key of {@code kind} and {@code keyId}, if it holds that key. */
    static Optional<String> fingerprint(KeyProvider keys, Kind kind, String keyId) {
        Optional<byte[]> secret = switch (kind) {
            case DATA -> keys.byId(keyId).map(k -> k.key().getEncoded());
            case PROTECTION -> keys.protectionById(keyId).map(k -> k.toBytes());
            case LOOKUP -> Optional.of(keys.phoneLookup().key().getEncoded());
        };
        return secret.map(s -> KeyFingerprint.of(s, kind, keyId));
    }
}
