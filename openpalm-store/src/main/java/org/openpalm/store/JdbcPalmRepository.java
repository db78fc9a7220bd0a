package org.openpalm.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ProtectedTemplate;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.biometrics.TemplateFormatException;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.PalmRepository;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * Enrolled palms. Each template is stored protected (the keyed transform of {@link ProtectedTemplate},
 * key id in {@code protection_key_id}), and that protected form is sealed with AES-256-GCM before
 * it reaches the database. Loading reverses both with the keys of the {@link KeyProvider}; a row
 * from before protection (NULL key id) holds a plain template until {@link #reprotectAll} runs.
 */
final class JdbcPalmRepository implements PalmRepository {
    private final JdbcTransactor tx;
    private final TemplateCipher cipher;
    private final KeyProvider keys;

    JdbcPalmRepository(JdbcTransactor tx, TemplateCipher cipher, KeyProvider keys) {
        this.tx = tx;
        this.cipher = cipher;
        this.keys = keys;
    }

    private static String aad(String enrolmentId, int seq) {
        return "palm-template:" + enrolmentId + ":" + seq;
    }

    @Override
    public void insert(EnrolledPalm palm) {
        tx.exec(c -> {
            try (var ps = c.prepareStatement("INSERT INTO palm_enrolments (id, customer_id, hint, enrolled_at) VALUES (?, ?, ?, ?)")) {
                Sql.bind(ps, palm.id().value(), palm.customer().value(), palm.hint().lastFourDigits(), palm.enrolledAt());
                ps.executeUpdate();
            }
            TemplateProtectionKey protection = keys.currentProtection();
            try (var ps = c.prepareStatement("INSERT INTO palm_templates (enrolment_id, seq, key_id, nonce, ciphertext, protection_key_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < palm.templates().size(); i++) {
                    byte[] protectedBytes = protection.protect(palm.templates().get(i)).toBytes();
                    TemplateCipher.Sealed sealed = cipher.seal(protectedBytes, aad(palm.id().value(), i));
                    Sql.bind(ps, palm.id().value(), i, sealed.keyId(), sealed.nonce(), sealed.ciphertext(), protection.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    private List<EnrolledPalm> load(String where, Object... params) {
        return tx.run(c -> {
            record Row(String id, String customer, String hint, java.time.Instant at) {}
            Map<String, Row> rows = new LinkedHashMap<>();
            Map<String, List<PalmTemplate>> templates = new LinkedHashMap<>();
            try (var ps = c.prepareStatement("SELECT e.id, e.customer_id, e.hint, e.enrolled_at, t.seq, t.key_id, t.nonce, t.ciphertext, "
                    + "t.protection_key_id "
                    + "FROM palm_enrolments e JOIN palm_templates t ON t.enrolment_id = e.id " + where + " ORDER BY e.enrolled_at, e.id, t.seq")) {
                Sql.bind(ps, params);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        rows.computeIfAbsent(id, k -> {
                            try {
                                return new Row(k, rs.getString("customer_id"), rs.getString("hint"), Sql.instant(rs, "enrolled_at"));
                            } catch (java.sql.SQLException e) {
                                throw new StoreException("reading palm enrolment", e);
                            }
                        });
                        byte[] opened = cipher.open(new TemplateCipher.Sealed(rs.getString("key_id"), rs.getBytes("nonce"), rs.getBytes("ciphertext")),
                                aad(id, rs.getInt("seq")));
                        templates.computeIfAbsent(id, k -> new ArrayList<>())
                                .add(plainTemplate(id, Optional.ofNullable(rs.getString("protection_key_id")), opened));
                    }
                }
            }
            List<EnrolledPalm> out = new ArrayList<>();
            for (Row r : rows.values()) {
                out.add(new EnrolledPalm(new EnrolmentId(r.id()), new CustomerId(r.customer()), templates.get(r.id()), new PalmHint(r.hint()), r.at()));
            }
            return out;
        });
    }

    /** The template of a row, its protection removed with the key the row names (a legacy row is plain). */
    private PalmTemplate plainTemplate(String enrolment, Optional<String> protectionKeyId, byte[] opened) {
        try {
            if (protectionKeyId.isEmpty()) return PalmTemplate.fromBytes(opened);
            ProtectedTemplate stored = ProtectedTemplate.fromBytes(opened);
            if (!stored.keyId().equals(protectionKeyId.get())) {
                throw new StoreException("stored template of " + enrolment + " names protection key " + stored.keyId()
                        + ", its row " + protectionKeyId.get(), null);
            }
            TemplateProtectionKey key = keys.protectionById(protectionKeyId.get()).orElseThrow(() -> new StoreException(
                    "template protection key " + protectionKeyId.get() + " is not available", null));
            return key.recover(stored);
        } catch (TemplateFormatException e) {
            throw new StoreException("stored template of " + enrolment + " is not a template", e);
        }
    }

    /**
     * Re-protects every stored template not yet under the current protection key (and protects
     * legacy plain rows), in one transaction, without re-enrolment: each protected form is opened,
     * moved to the new key ({@link ProtectedTemplate#reprotect}) and sealed again under the current
     * AES key. Returns the number of templates rewritten.
     */
    int reprotectAll() {
        TemplateProtectionKey target = keys.currentProtection();
        return tx.inTransaction(() -> tx.run(c -> {
            record Stored(String enrolment, int seq, Optional<String> protectionKeyId, byte[] opened) {}
            List<Stored> rows = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT enrolment_id, seq, key_id, nonce, ciphertext, protection_key_id FROM palm_templates "
                    + "WHERE protection_key_id IS NULL OR protection_key_id <> ? ORDER BY enrolment_id, seq FOR UPDATE")) {
                Sql.bind(ps, target.id());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String enrolment = rs.getString("enrolment_id");
                        int seq = rs.getInt("seq");
                        byte[] opened = cipher.open(new TemplateCipher.Sealed(rs.getString("key_id"), rs.getBytes("nonce"),
                                rs.getBytes("ciphertext")), aad(enrolment, seq));
                        rows.add(new Stored(enrolment, seq, Optional.ofNullable(rs.getString("protection_key_id")), opened));
                    }
                }
            }
            try (var ps = c.prepareStatement("UPDATE palm_templates SET key_id = ?, nonce = ?, ciphertext = ?, protection_key_id = ? "
                    + "WHERE enrolment_id = ? AND seq = ?")) {
                for (Stored row : rows) {
                    ProtectedTemplate renewed = renewed(row.enrolment(), row.protectionKeyId(), row.opened(), target);
                    TemplateCipher.Sealed sealed = cipher.seal(renewed.toBytes(), aad(row.enrolment(), row.seq()));
                    Sql.bind(ps, sealed.keyId(), sealed.nonce(), sealed.ciphertext(), target.id(), row.enrolment(), row.seq());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return rows.size();
        }));
    }

    private ProtectedTemplate renewed(String enrolment, Optional<String> protectionKeyId, byte[] opened, TemplateProtectionKey target) {
        try {
            if (protectionKeyId.isEmpty()) return target.protect(PalmTemplate.fromBytes(opened));
            TemplateProtectionKey from = keys.protectionById(protectionKeyId.get()).orElseThrow(() -> new StoreException(
                    "template protection key " + protectionKeyId.get() + " is not available", null));
            return ProtectedTemplate.fromBytes(opened).reprotect(from, target);
        } catch (TemplateFormatException e) {
            throw new StoreException("stored template of " + enrolment + " is not a template", e);
        }
    }

    @Override
    public Optional<EnrolledPalm> find(EnrolmentId id) {
        return load("WHERE e.id = ?", id.value()).stream().findFirst();
    }

    @Override
    public List<EnrolledPalm> ofCustomer(CustomerId customer) {
        return load("WHERE e.customer_id = ?", customer.value());
    }

    @Override
    public List<EnrolledPalm> allPalms() {
        // pre-enrolments pending confirmation stay out of the identifier (JdbcPreEnrolmentStore)
        return load("WHERE e.status = '" + JdbcPreEnrolmentStore.ACTIVE + "'");
    }

    @Override
    public List<EnrolmentId> allPalmIds() {
        return tx.query("SELECT id FROM palm_enrolments WHERE status = '" + JdbcPreEnrolmentStore.ACTIVE + "' ORDER BY enrolled_at, id",
                rs -> new EnrolmentId(rs.getString(1)));
    }

    @Override
    public List<EnrolledPalm> findAll(java.util.Collection<EnrolmentId> ids) {
        if (ids.isEmpty()) return List.of();
        // One IN list per call: a cluster's map loader asks in batches (Hazelcast's load chunk, 1,000 by default).
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return load("WHERE e.status = '" + JdbcPreEnrolmentStore.ACTIVE + "' AND e.id IN (" + marks + ")",
                ids.stream().map(EnrolmentId::value).toArray());
    }

    @Override
    public void delete(EnrolmentId id) {
        tx.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM palm_templates WHERE enrolment_id = ?")) {
                Sql.bind(ps, id.value());
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("DELETE FROM palm_enrolments WHERE id = ?")) {
                Sql.bind(ps, id.value());
                return ps.executeUpdate();
            }
        });
    }
}
