package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.testing.SyntheticPalms;

/**
 * Erasure on request, end to end: enrol, pay, erase in the portal; the palm no longer matches and
 * no template bytes (plain, base64, hex, or the stored ciphertext) remain in any column of any
 * table, nor in the files of the data directory. On an embedded H2 file database and on PostgreSQL.
 */
class ErasureEverywhereTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2-file", "postgresql"})
    void erasedPalmDataIsGoneFromEveryTableAndFile(String database) throws Exception {
        try (ScannedDatabase db = ScannedDatabase.of(database, dataDir)) {
            run(db);
        }
    }

    private void run(ScannedDatabase db) throws Exception {
        long n = 5101;
        List<byte[]> sealed = new ArrayList<>();
        PalmImage enrolled = SyntheticPalms.palm(n);
        byte[] template = PalmTemplate.fromRoi(PalmImage.decode(enrolled.toPng(), new org.openpalm.biometrics.ImageLimits(4_000_000, 8 << 20))).toBytes();
        try (TestServer s = new TestServer(dataDir, db.config())) {
            PortalClient portal = new PortalClient(s);
            TestServer.Merchant m = s.onboard("Erasure Shop");
            portal.enrol(m, n, true);
            assertThat(portal.pay(m, n, 4_200)).isEqualTo("AUTHORISED");
            try (Connection c = s.server.database().dataSource().getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT ciphertext FROM palm_templates")) {
                while (rs.next()) sealed.add(rs.getBytes(1));
            }
            assertThat(sealed).hasSize(1);
            List<String> needles = new ArrayList<>(List.of(HexFormat.of().formatHex(template), Base64.getEncoder().encodeToString(template),
                    new String(template, StandardCharsets.ISO_8859_1)));
            for (byte[] b : sealed) {
                needles.add(HexFormat.of().formatHex(b));
                needles.add(Base64.getEncoder().encodeToString(b));
                needles.add(new String(b, StandardCharsets.ISO_8859_1));
            }
            // the scan finds the sealed template before erasure: it looks in the right places
            assertThat(db.everyValue(s)).anyMatch(v -> v.contains(needles.get(5)));

            String cookie = portal.signIn(PortalClient.phone(n));
            TestServer.Response erased = portal.post("/portal/v1/erasure", cookie, TestServer.key(), "{\"confirm\":true}");
            assertThat(erased.status()).as(erased.text()).isEqualTo(200);

            assertThat(portal.pay(m, n, 1_000)).isEqualTo("NOT_RECOGNISED");
            assertThat(s.server.enrolledPalms()).isZero();
            List<String> values = db.everyValue(s);
            for (String needle : needles) assertThat(values).noneMatch(v -> v.contains(needle));
            // payments and the ledger stay
            assertThat(portal.get("/portal/v1/payments", cookie).json().get("payments")).hasSize(1); // the unrecognised one names nobody
            assertThat(s.server.ledgerAudit().check().ok()).isTrue();
            assertThat(s.get("/admin/v1/audit/verify", TestServer.ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
        }
        // the data directory (keys, admin token, and for H2 the database file, once closed)
        try (var files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(new String(template, StandardCharsets.ISO_8859_1))
                        .doesNotContain(Base64.getEncoder().encodeToString(template)).doesNotContain(HexFormat.of().formatHex(template));
                for (byte[] b : sealed) assertThat(text).as(file + " holds the sealed template").doesNotContain(new String(b, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
