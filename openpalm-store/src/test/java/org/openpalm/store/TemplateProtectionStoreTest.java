package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ProtectedTemplate;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.testing.PaymentsFixture;

/** Templates are stored protected, and the protection key rotates without re-enrolment (H2 and PostgreSQL). */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class TemplateProtectionStoreTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private record Row(String enrolment, int seq, String keyId, byte[] nonce, byte[] ciphertext, String protectionKeyId) {}

    private List<Row> rows() throws Exception {
        List<Row> out = new ArrayList<>();
        try (Connection c = opened.database().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT enrolment_id, seq, key_id, nonce, ciphertext, protection_key_id FROM palm_templates "
                     + "ORDER BY enrolment_id, seq")) {
            while (rs.next()) {
                out.add(new Row(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5), rs.getString(6)));
            }
        }
        return out;
    }

    private static byte[] decrypt(KeyProvider keys, Row row) {
        return new TemplateCipher(keys).open(new TemplateCipher.Sealed(row.keyId(), row.nonce(), row.ciphertext()),
                "palm-template:" + row.enrolment() + ":" + row.seq());
    }

    @Test
    void theStoredPlaintextIsTheProtectedTemplateNeverThePlainOne() throws Exception {
        opened = db.open();
        FileKeyProvider keys = FileKeyProvider.openOrCreate(dir.resolve("keys"));
        PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(opened.database(), keys));
        var enrolled = (EnrolmentService.EnrolmentOutcome.Enrolled) f.enrol(1);
        EnrolledPalm palm = f.ports.palms().find(enrolled.enrolment()).orElseThrow();

        List<Row> rows = rows();
        assertThat(rows).hasSize(palm.templates().size());
        for (Row row : rows) {
            assertThat(row.protectionKeyId()).isEqualTo(keys.currentProtection().id());
            byte[] plaintext = decrypt(keys, row);
            ProtectedTemplate stored = ProtectedTemplate.fromBytes(plaintext);
            assertThat(stored.keyId()).isEqualTo(keys.currentProtection().id());
            byte[] plainCode = palm.templates().get(row.seq()).toBytes();
            assertThat(HexFormat.of().formatHex(plaintext)).doesNotContain(HexFormat.of().formatHex(plainCode, 8, 8 + 32));
            assertThat(keys.currentProtection().recover(stored)).isEqualTo(palm.templates().get(row.seq()));
        }
    }

    @Test
    void rotatingTheProtectionKeyReprotectsEveryTemplateWithoutReEnrolment() throws Exception {
        opened = db.open();
        Path keyFile = dir.resolve("keys");
        FileKeyProvider before = FileKeyProvider.openOrCreate(keyFile);
        PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(opened.database(), before));
        f.enrol(1);
        f.enrol(2);
        List<EnrolledPalm> palms = f.ports.palms().allPalms();
        // Listed by id alone, and read back in one batch (a cluster's map loader), the same palms.
        assertThat(f.ports.palms().allPalmIds()).containsExactlyElementsOf(palms.stream().map(EnrolledPalm::id).toList());
        assertThat(f.ports.palms().findAll(f.ports.palms().allPalmIds())).containsExactlyInAnyOrderElementsOf(palms);
        assertThat(f.ports.palms().findAll(List.of())).isEmpty();
        int templates = palms.stream().mapToInt(p -> p.templates().size()).sum();
        List<Row> oldRows = rows();

        TemplateProtectionKey fresh = FileKeyProvider.addProtectionKey(keyFile);
        FileKeyProvider after = FileKeyProvider.openOrCreate(keyFile);
        assertThat(after.currentProtection()).isEqualTo(fresh);
        assertThat(after.protectionById(before.currentProtection().id())).contains(before.currentProtection());

        assertThat(TemplateProtectionRotation.reprotectAll(opened.database(), after)).isEqualTo(templates);

        List<Row> newRows = rows();
        assertThat(newRows).allSatisfy(r -> assertThat(r.protectionKeyId()).isEqualTo(fresh.id()));
        for (int i = 0; i < newRows.size(); i++) {
            byte[] was = decrypt(before, oldRows.get(i));
            byte[] now = decrypt(after, newRows.get(i));
            assertThat(now).isNotEqualTo(was);
            assertThat(fresh.recover(ProtectedTemplate.fromBytes(now)))
                    .isEqualTo(before.currentProtection().recover(ProtectedTemplate.fromBytes(was)));
        }
        // Same palms load back, and the identifier filled from them still pays the enrolled palm.
        assertThat(JdbcStorage.over(opened.database(), after).palms().allPalms()).isEqualTo(palms);
        assertThat(TemplateProtectionRotation.reprotectAll(opened.database(), after)).isZero();

        // Without the new key the rows no longer open.
        FileKeyProvider otherProtection = FileKeyProvider.openOrCreate(copyWithoutCurrentProtection(keyFile, fresh));
        assertThatThrownBy(() -> JdbcStorage.over(opened.database(), otherProtection).palms().allPalms())
                .isInstanceOf(StoreException.class).hasMessageContaining(fresh.id());
    }

    @Test
    void aRowFromBeforeProtectionStillLoadsAndIsProtectedByTheRotation() throws Exception {
        opened = db.open();
        FileKeyProvider keys = FileKeyProvider.openOrCreate(dir.resolve("keys"));
        PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(opened.database(), keys));
        var enrolled = (EnrolmentService.EnrolmentOutcome.Enrolled) f.enrol(3);
        EnrolledPalm palm = f.ports.palms().find(enrolled.enrolment()).orElseThrow();
        // As written before V4: the sealed plain template, no protection key id.
        PalmTemplate first = palm.templates().getFirst();
        TemplateCipher.Sealed legacy = new TemplateCipher(keys).seal(first.toBytes(), "palm-template:" + palm.id().value() + ":0");
        try (Connection c = opened.database().dataSource().getConnection(); var ps = c.prepareStatement(
                "UPDATE palm_templates SET key_id = ?, nonce = ?, ciphertext = ?, protection_key_id = NULL WHERE enrolment_id = ? AND seq = 0")) {
            ps.setString(1, legacy.keyId());
            ps.setBytes(2, legacy.nonce());
            ps.setBytes(3, legacy.ciphertext());
            ps.setString(4, palm.id().value());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(f.ports.palms().find(palm.id()).orElseThrow()).isEqualTo(palm);

        assertThat(TemplateProtectionRotation.reprotectAll(opened.database(), keys)).isEqualTo(1);

        Row row = rows().getFirst();
        assertThat(row.protectionKeyId()).isEqualTo(keys.currentProtection().id());
        assertThat(keys.currentProtection().recover(ProtectedTemplate.fromBytes(decrypt(keys, row)))).isEqualTo(first);
        assertThat(f.ports.palms().find(palm.id()).orElseThrow()).isEqualTo(palm);
    }

    /** The key file with the given protection key removed (and another made current). */
    private Path copyWithoutCurrentProtection(Path keyFile, TemplateProtectionKey drop) throws Exception {
        String encoded = java.util.Base64.getEncoder().encodeToString(drop.toBytes());
        List<String> kept = Files.readAllLines(keyFile).stream()
                .filter(l -> !l.equals("protection=" + encoded) && !l.startsWith("protection.current=")).toList();
        Path copy = dir.resolve("keys-without-" + drop.id());
        Files.write(copy, kept);
        return copy;
    }
}
