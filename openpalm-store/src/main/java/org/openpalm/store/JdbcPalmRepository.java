package org.openpalm.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.TemplateFormatException;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.PalmRepository;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/** Enrolled palms; each template is sealed with AES-256-GCM before it reaches the database. */
final class JdbcPalmRepository implements PalmRepository {
    private final JdbcTransactor tx;
    private final TemplateCipher cipher;

    JdbcPalmRepository(JdbcTransactor tx, TemplateCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
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
            try (var ps = c.prepareStatement("INSERT INTO palm_templates (enrolment_id, seq, key_id, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < palm.templates().size(); i++) {
                    TemplateCipher.Sealed sealed = cipher.seal(palm.templates().get(i).toBytes(), aad(palm.id().value(), i));
                    Sql.bind(ps, palm.id().value(), i, sealed.keyId(), sealed.nonce(), sealed.ciphertext());
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
            try (var ps = c.prepareStatement("SELECT e.id, e.customer_id, e.hint, e.enrolled_at, t.seq, t.key_id, t.nonce, t.ciphertext "
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
                        byte[] plain = cipher.open(new TemplateCipher.Sealed(rs.getString("key_id"), rs.getBytes("nonce"), rs.getBytes("ciphertext")),
                                aad(id, rs.getInt("seq")));
                        try {
                            templates.computeIfAbsent(id, k -> new ArrayList<>()).add(PalmTemplate.fromBytes(plain));
                        } catch (TemplateFormatException e) {
                            throw new StoreException("stored template of " + id + " is not a template", e);
                        }
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
        return load("");
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
