package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator console's routes: merchants, stores, and terminals whose key pair the server makes. */
class AdminApiTest {
    @TempDir
    static Path dataDir;

    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static void assertProblem(TestServer.Response r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) assertThat(r.json().get("errors").findValuesAsText("field")).contains(field);
    }

    /** Every text and binary value in every table of the server's database. */
    static String storedText() throws java.sql.SQLException {
        return storedTextOf(s);
    }

    static String storedTextOf(TestServer server) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = server.server.database().dataSource().getConnection(); var st = c.createStatement();
             var tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                if ("public".equalsIgnoreCase(tables.getString("TABLE_SCHEM"))) names.add(tables.getString("TABLE_NAME"));
            }
            for (String table : names) {
                try (var rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            out.append(v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(v)).append('\n');
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    @Test
    void anOperatorRegistersAStoreAndATerminalWhosePrivateKeySignsForIt() throws Exception {
        TestServer.Response onboarded = s.post("/admin/v1/merchants", TestServer.ADMIN_TOKEN, TestServer.key(), "{\"name\":\"Admin Made\"}");
        String merchant = onboarded.json().get("merchant_id").asText();
        assertThat(s.get("/admin/v1/merchants", TestServer.ADMIN_TOKEN).json().get("merchants").findValuesAsText("merchant_id")).contains(merchant);

        TestServer.Response store = s.post("/admin/v1/merchants/" + merchant + "/stores", TestServer.ADMIN_TOKEN, TestServer.key(), "{\"name\":\"Dock Road\"}");
        assertThat(store.status()).as(store.text()).isEqualTo(201);
        String storeId = store.json().get("store_id").asText();

        TestServer.Response terminal = s.post("/admin/v1/merchants/" + merchant + "/terminals", TestServer.ADMIN_TOKEN, TestServer.key(),
                "{\"store_id\":\"" + storeId + "\"}");
        assertThat(terminal.status()).as(terminal.text()).isEqualTo(201);
        JsonNode t = terminal.json();
        String terminalId = t.get("terminal_id").asText();
        String privateKey = t.get("private_key").asText();
        assertThat(t.get("role").asText()).isEqualTo("reader");
        assertThat(t.get("reader_path").asText()).startsWith("/reader.html#terminal=" + terminalId + "&key=");
        assertThat(t.has("kiosk_path")).as("a reader gets the reader page only").isFalse();
        TestServer.Response kiosk = s.post("/admin/v1/merchants/" + merchant + "/terminals", TestServer.ADMIN_TOKEN, TestServer.key(),
                "{\"store_id\":\"" + storeId + "\",\"role\":\"kiosk\"}");
        assertThat(kiosk.status()).as(kiosk.text()).isEqualTo(201);
        assertThat(kiosk.json().get("role").asText()).isEqualTo("kiosk");
        assertThat(kiosk.json().get("kiosk_path").asText()).startsWith("/kiosk.html#terminal=" + kiosk.json().get("terminal_id").asText() + "&key=");
        assertThat(kiosk.json().has("reader_path")).isFalse();
        String fragmentKey = URLDecoder.decode(t.get("reader_path").asText().split("&key=")[1], StandardCharsets.UTF_8);
        assertThat(fragmentKey).isEqualTo(privateKey);

        // the returned private key is the terminal's: a request signed with it is accepted
        KeyFactory ed = KeyFactory.getInstance("Ed25519");
        KeyPair pair = new KeyPair(ed.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(t.get("public_key").asText()))),
                ed.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))));
        var signer = new TestServer.SigningTerminal(terminalId, pair);
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        TestServer.Response pending = s.send(HttpRequest.newBuilder(s.uri("/terminal/v1/payments/pending")).GET()
                .header("X-Terminal-Id", terminalId).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", signer.sign("GET", "/terminal/v1/payments/pending", "", ts, nonce, new byte[0])).build());
        assertThat(pending.status()).as(pending.text()).isEqualTo(204);

        // a replay answers without the private key, which the server never stored
        String idempotencyKey = TestServer.key();
        String request = "{\"store_id\":\"" + storeId + "\"}";
        TestServer.Response first = s.post("/admin/v1/merchants/" + merchant + "/terminals", TestServer.ADMIN_TOKEN, idempotencyKey, request);
        TestServer.Response replay = s.post("/admin/v1/merchants/" + merchant + "/terminals", TestServer.ADMIN_TOKEN, idempotencyKey, request);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.json().get("terminal_id").asText()).isEqualTo(first.json().get("terminal_id").asText());
        assertThat(replay.json().has("private_key")).isFalse();
        assertThat(replay.json().has("reader_path")).isFalse();
        assertThat(storedText()).doesNotContain(privateKey, first.json().get("private_key").asText());

        JsonNode detail = s.get("/admin/v1/merchants/" + merchant, TestServer.ADMIN_TOKEN).json();
        assertThat(detail.get("name").asText()).isEqualTo("Admin Made");
        assertThat(detail.get("stores").findValuesAsText("store_id")).containsExactly(storeId);
        assertThat(detail.get("terminals").findValuesAsText("terminal_id")).containsExactlyInAnyOrder(terminalId, first.json().get("terminal_id").asText(),
                kiosk.json().get("terminal_id").asText());
        assertThat(detail.toString()).doesNotContain(privateKey); // shown once, kept nowhere
    }

    @Test
    void adminRoutesRefuseBadInputUnknownMerchantsAndMissingTokens() {
        TestServer.Merchant a = s.onboard("Admin A");
        TestServer.Merchant b = s.onboard("Admin B");
        assertProblem(s.get("/admin/v1/merchants", null), 401, null);
        assertProblem(s.get("/admin/v1/merchants", a.apiKey()), 401, null);
        assertProblem(s.post("/admin/v1/merchants/" + a.id() + "/stores", "wrong", TestServer.key(), "{\"name\":\"X\"}"), 401, null);
        assertProblem(s.post("/admin/v1/merchants/" + a.id() + "/stores", TestServer.ADMIN_TOKEN, TestServer.key(), "{\"name\":\"\"}"), 400, "name");
        assertProblem(s.post("/admin/v1/merchants/" + a.id() + "/stores", TestServer.ADMIN_TOKEN, null, "{\"name\":\"X\"}"), 400, "Idempotency-Key");
        assertProblem(s.post("/admin/v1/merchants/mer_00000000000000000000000000/stores", TestServer.ADMIN_TOKEN, TestServer.key(), "{\"name\":\"X\"}"), 404, null);
        assertProblem(s.get("/admin/v1/merchants/nonsense", TestServer.ADMIN_TOKEN), 404, null);
        assertProblem(s.post("/admin/v1/merchants/" + a.id() + "/terminals", TestServer.ADMIN_TOKEN, TestServer.key(),
                "{\"store_id\":\"" + b.storeId() + "\"}"), 400, "store_id");
        assertProblem(s.post("/admin/v1/merchants/" + a.id() + "/terminals", TestServer.ADMIN_TOKEN, TestServer.key(), "{\"store_id\":\"x\"}"), 400, "store_id");
        assertProblem(s.post("/admin/v1/merchants/" + a.id() + "/terminals", TestServer.ADMIN_TOKEN, TestServer.key(), "{\"store\":\"x\"}"), 400, "store");
        assertProblem(s.get("/admin/v1/merchants?page=2", TestServer.ADMIN_TOKEN), 400, "page");
        // the refusals wrote nothing
        JsonNode detail = s.get("/admin/v1/merchants/" + a.id(), TestServer.ADMIN_TOKEN).json();
        assertThat(detail.get("stores")).hasSize(1);
        assertThat(detail.get("terminals")).hasSize(2); // the reader and the kiosk every test merchant has
    }
}
