package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.store.DatabaseConfig;

/**
 * Data at rest, end to end through a real server: no table holds a phone number in plain (every
 * value of every column scanned, on an embedded H2 file database and on PostgreSQL), numbers
 * stored in plain before are sealed at start-up and still sign in and pay; the data folder, the
 * H2 folder, the key file and the admin token are owner-only; with {@code OPENPALM_KEK} the key file
 * holds only wrapped keys, and a restart without it or with another is refused, saying why.
 */
class DataAtRestTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2-file", "postgresql"})
    void noTableHoldsAPhoneNumberInPlainAndOldPlainNumbersAreSealedAtStartUp(String database) throws Exception {
        List<String> phones = List.of(PortalClient.phone(6601), PortalClient.phone(6602), PortalClient.phone(6603));
        try (ScannedDatabase db = ScannedDatabase.of(database, dataDir)) {
            DatabaseConfig config = db.config();
            String firstCustomer;
            TestServer.Merchant m;
            try (TestServer s = new TestServer(dataDir, config)) {
                PortalClient portal = new PortalClient(s);
                m = s.onboard("Phone Shop");
                firstCustomer = portal.enrol(m, 6601, false);
                portal.enrol(m, 6602, true);
                portal.enrol(m, 6603, false);
                portal.signIn(phones.get(1));
                assertThat(portal.requestCode(phones.get(2)).status()).isEqualTo(202); // a pending code, kept by the phone's keyed hash
                assertNoPlainPhone(s, db, phones);

                // a row as a database made before V12 holds it: the number in plain, nothing sealed
                try (Connection c = s.server.database().dataSource().getConnection();
                     var ps = c.prepareStatement("UPDATE customers SET phone = ?, phone_hash = NULL, phone_key_id = NULL, phone_nonce = NULL, "
                             + "phone_ciphertext = NULL WHERE id = ?")) {
                    ps.setString(1, phones.getFirst());
                    ps.setString(2, firstCustomer);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                // the scan finds a plain number where there is one: it looks in the right places
                assertThat(db.everyValue(s)).anyMatch(v -> v.contains(phones.getFirst()));
            }
            try (TestServer s = new TestServer(dataDir, config)) {
                assertNoPlainPhone(s, db, phones);
                PortalClient portal = new PortalClient(s);
                // found by its keyed hash, opened from its seal: sign-in and the payer's look-up work
                String cookie = portal.signIn(phones.getFirst());
                TestServer.Response me = portal.get("/portal/v1/me", cookie);
                assertThat(me.status()).as(me.text()).isEqualTo(200);
                assertThat(me.json().get("phone").asText()).isEqualTo(phones.getFirst());
                assertThat(portal.pay(m, 6601, 1_500)).isEqualTo("AUTHORISED");
                // the same number cannot enrol twice: the keyed hash is unique
                TestServer.Response again = s.enrol(m.kiosk(), PortalClient.enrolmentJson(6601, false));
                assertThat(again.status()).as(again.text()).isEqualTo(409);
            }
        }
    }

    @Test
    void dataFilesAreOwnerOnlyAndTheKeyFileIsWrappedByTheKekFromTheEnvironment() throws Exception {
        Path data = dataDir.resolve("server-data");
        String kek = base64Key();
        Map<String, String> env = new HashMap<>(Map.of("OPENPALM_DATA_DIR", data.toString(), "OPENPALM_HTTP_PORT", "0", "OPENPALM_KEK", kek));
        String customer;
        try (TestServer s = new TestServer(ConfigLoader.load(Optional.empty(), env))) {
            customer = new PortalClient(s).enrol(s.onboard("Mode Shop", Files.readString(data.resolve("admin-token")).strip()), 6611, false);
        }
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("template-keys"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("admin-token"))).isEqualTo("rw-------");
        String keyFile = Files.readString(data.resolve("template-keys"));
        assertThat(keyFile).containsPattern("(?m)^kek=kek-[0-9a-f]{16}$").contains("k1=wrapped:").contains("lookup=wrapped:")
                .doesNotContainPattern("(?m)^(k1|protection|lookup)=(?!wrapped:)");

        env.remove("OPENPALM_KEK");
        assertThatThrownBy(() -> Main.start(ConfigLoader.load(Optional.empty(), env)))
                .hasMessageContaining("is wrapped by the key-encrypting key").hasMessageContaining("set OPENPALM_KEK");
        env.put("OPENPALM_KEK", base64Key());
        assertThatThrownBy(() -> Main.start(ConfigLoader.load(Optional.empty(), env))).hasMessageContaining("wrong OPENPALM_KEK");
        env.put("OPENPALM_KEK", "c2hvcnQ=");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env)).hasMessageContaining("OPENPALM_KEK must be base64 of 32 random bytes");

        env.put("OPENPALM_KEK", kek);
        try (TestServer s = new TestServer(ConfigLoader.load(Optional.empty(), env))) {
            TestServer.Response export = s.get("/admin/v1/customers/" + customer + "/export", Files.readString(data.resolve("admin-token")).strip());
            assertThat(export.status()).as(export.text()).isEqualTo(200);
            assertThat(export.text()).contains(PortalClient.phone(6611));
        }
    }

    private static void assertNoPlainPhone(TestServer s, ScannedDatabase db, List<String> phones) throws Exception {
        List<String> values = db.everyValue(s);
        for (String phone : phones) {
            assertThat(values).as("a value holding " + phone).noneMatch(v -> v.contains(phone) || v.contains(phone.substring(1)));
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String base64Key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
