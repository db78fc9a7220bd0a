package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** The HTTP API against a real server on a free port. */
class ServerApiTest {
    @TempDir
    static Path dataDir;

    static TestServer s;
    /** Every card number used, to check none reaches the database or the logs. */
    static final List<String> PANS = new ArrayList<>();

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
    }

    @AfterAll
    static void noCardNumberInTheDatabaseOrTheLogsThenStop() throws Exception {
        try {
            List<String> text = new ArrayList<>();
            try (Connection c = s.server.database().dataSource().getConnection(); var st = c.createStatement();
                 var tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    String schema = tables.getString("TABLE_SCHEM");
                    if (schema != null && schema.equalsIgnoreCase("public")) names.add(tables.getString("TABLE_NAME"));
                }
                assertThat(names).contains("cards", "payments", "ledger_transfers", "idempotency_keys");
                for (String table : names) {
                    try (var rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                        while (rs.next()) {
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                Object v = rs.getObject(i);
                                if (v instanceof byte[] b) text.add(new String(b, StandardCharsets.ISO_8859_1));
                                else if (v != null) text.add(v.toString());
                            }
                        }
                    }
                }
            }
            String log = System.getProperty("org.slf4j.simpleLogger.logFile");
            String logText = log != null && Files.exists(Path.of(log)) ? Files.readString(Path.of(log)) : "";
            assertThat(PANS).isNotEmpty();
            for (String pan : PANS) {
                assertThat(text).noneMatch(v -> v.contains(pan));
                assertThat(logText).doesNotContain(pan);
            }
        } finally {
            s.close();
        }
    }

    static String pan(long n) {
        String pan = PaymentsFixture.card(n).revealTo((x, e) -> null);
        PANS.add(pan);
        return pan;
    }

    static String png(PalmImage image) {
        return Base64.getEncoder().encodeToString(image.toPng());
    }

    static String enrolmentJson(long n, String phone) {
        return "{\"phone\":\"" + phone + "\",\"card_number\":\"" + pan(n) + "\",\"expiry\":\"" + YearMonth.now().plusYears(2)
                + "\",\"palm_images\":[\"" + png(SyntheticPalms.palm(n)) + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
    }

    static String phone(long n) {
        return PaymentsFixture.phone(n).e164();
    }

    TestServer.Response createPayment(TestServer.Merchant m, long minor) {
        return s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
    }

    @Test
    void healthReadyAndMetrics() {
        assertThat(s.get("/health", null).status()).isEqualTo(200);
        assertThat(s.get("/ready", null).json().get("status").asText()).isEqualTo("ready");
        TestServer.Response metrics = s.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        TestServer.Response unknown = s.get("/nothing", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        TestServer.Response home = s.get("/", null);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.contentType()).startsWith("text/html");
        assertThat(home.text()).contains("href=\"/reader.html\"");
        TestServer.Merchant m = s.onboard("Nobody");
        TestServer.Response noPayment = s.get("/v1/payments/pay_00000000000000000000000000", m.apiKey());
        assertThat(noPayment.status()).isEqualTo(404);
        assertThat(noPayment.json().get("detail").asText()).isEqualTo("no such payment");
    }

    @Test
    void enrolPayCaptureRefundOverHttp() {
        TestServer.Merchant m = s.onboard("Bakery");
        TestServer.Response enrolled = s.enrol(m.kiosk(), enrolmentJson(1001, phone(1001)));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
        assertThat(enrolled.json().get("card").get("last4").asText()).hasSize(4);
        assertThat(enrolled.text()).doesNotContain(PANS.getLast());

        TestServer.Response created = createPayment(m, 2_500);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("status").asText()).isEqualTo("CREATED");

        String palm = "{\"palm_image\":\"" + png(SyntheticPalms.capture(1001, 5, 1, 0)) + "\"}";
        java.time.Instant sent = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", palm);
        java.time.Instant received = java.time.Instant.now();
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        assertThat(paid.json().get("result").asText()).isEqualTo("AUTHORISED");
        assertThat(paid.json().get("payment").get("authorisation").get("auth_code").asText()).hasSize(6);
        // The search's place in the call, for clients and benchmarks (W3C Server-Timing): durations only.
        assertThat(paid.raw().headers().firstValue("Server-Timing")).hasValueSatisfying(timing ->
                assertThat(timing).matches("before-identify;dur=[0-9]+\\.[0-9]{3}, identify;dur=[0-9]+\\.[0-9]{3}, after-identify;dur=[0-9]+\\.[0-9]{3}"));
        // And when the search began, on the server's clock (this process's here): inside the call.
        assertThat(paid.raw().headers().firstValue("OpenPalm-Identify-Began")).hasValueSatisfying(began ->
                assertThat(java.time.Instant.parse(began)).isBetween(sent, received));

        TestServer.Response captured = s.post("/v1/payments/" + id + "/capture", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":2000,\"currency\":\"EUR\"}}");
        assertThat(captured.status()).as(captured.text()).isEqualTo(200);
        assertThat(captured.raw().headers().firstValue("Server-Timing")).as("no search, no timing").isEmpty();
        assertThat(captured.raw().headers().firstValue("OpenPalm-Identify-Began")).as("no search, no start").isEmpty();
        assertThat(captured.json().get("status").asText()).isEqualTo("CAPTURED");
        assertThat(s.post("/v1/payments/" + id + "/refunds", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":500,\"currency\":\"EUR\"}}").status()).isEqualTo(201);
        assertThat(s.post("/v1/payments/" + id + "/refunds", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1500,\"currency\":\"EUR\"}}").status()).isEqualTo(201);
        TestServer.Response over = s.post("/v1/payments/" + id + "/refunds", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1,\"currency\":\"EUR\"}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.contentType()).startsWith("application/problem+json");
        assertThat(over.json().get("detail").asText()).contains("exceeds the refundable amount");

        TestServer.Response got = s.get("/v1/payments/" + id, m.apiKey());
        assertThat(got.json().get("refunded").get("minor").asLong()).isEqualTo(2_000);
        assertThat(got.json().get("refunds")).hasSize(2);
        assertThat(s.get("/v1/payments/" + id, s.onboard("Other").apiKey()).status()).isEqualTo(404);

        assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
        String metrics = s.get("/metrics", null).text();
        assertThat(metrics).contains("openpalm_payments_total{outcome=\"authorised\"}").contains("openpalm_identification_seconds")
                .contains("openpalm_authorisation_seconds");
    }

    @Test
    void anAutomaticCaptureSaleIsCapturedByThePalmCall() {
        TestServer.Merchant m = s.onboard("Coffee bar");
        assertThat(s.enrol(m.kiosk(), enrolmentJson(1002, phone(1002))).status()).isEqualTo(201);
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":350,\"currency\":\"EUR\"},"
                + "\"terminal_id\":\"" + m.terminal().id() + "\",\"capture_method\":\"automatic\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("capture_method").asText()).isEqualTo("automatic");
        String id = created.json().get("id").asText();
        TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                "{\"palm_image\":\"" + png(SyntheticPalms.capture(1002, 5, 1, 0)) + "\"}");
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        assertThat(paid.json().get("result").asText()).isEqualTo("AUTHORISED");
        assertThat(paid.json().get("payment").get("status").asText()).isEqualTo("CAPTURED");
        assertThat(paid.json().get("payment").get("captured").get("minor").asLong()).isEqualTo(350);
        TestServer.Response again = s.post("/v1/payments/" + id + "/capture", m.apiKey(), TestServer.key(), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("already captured");
        assertThat(s.get("/v1/payments/" + id, m.apiKey()).json().get("capture_method").asText()).isEqualTo("automatic");
        assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
    }

    @Test
    void lookalikePalmsAskForTheHintOverMultipart() {
        TestServer.Merchant m = s.onboard("Grocer");
        assertThat(s.enrol(m.kiosk(), enrolmentJson(2001, phone(2001))).status()).isEqualTo(201);
        assertThat(s.enrol(m.kiosk(), enrolmentJson(2051, phone(2051))).status()).isEqualTo(201);
        String id = createPayment(m, 900).json().get("id").asText();
        byte[] image = SyntheticPalms.lookalike(2001, 2051).toPng();

        TestServer.Response first = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "multipart/form-data; boundary=XyZ",
                multipart("XyZ", image, null), TestServer.key(), Instant.now().getEpochSecond(), nonce());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("result").asText()).isEqualTo("HINT_NEEDED");
        assertThat(first.json().get("payment").get("status").asText()).isEqualTo("HINT_NEEDED");

        String hint = phone(2051).substring(phone(2051).length() - 4);
        TestServer.Response second = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "multipart/form-data; boundary=XyZ",
                multipart("XyZ", image, hint), TestServer.key(), Instant.now().getEpochSecond(), nonce());
        assertThat(second.json().get("result").asText()).as(second.text()).isEqualTo("AUTHORISED");
    }

    static byte[] multipart(String boundary, byte[] image, String hint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"palm_image\"; filename=\"palm.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(image);
        if (hint != null) {
            out.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"hint\"\r\n\r\n" + hint).getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void idempotencyKeysReplayOrConflict() {
        TestServer.Merchant m = s.onboard("Cafe");
        String body = "{\"amount\":{\"minor\":300,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}";
        TestServer.Response first = s.post("/v1/payments", m.apiKey(), "order-1", body);
        TestServer.Response again = s.post("/v1/payments", m.apiKey(), "order-1", body);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        TestServer.Response different = s.post("/v1/payments", m.apiKey(), "order-1", body.replace("300", "301"));
        assertThat(different.status()).isEqualTo(422);
        TestServer.Response missing = s.post("/v1/payments", m.apiKey(), null, body);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    }

    void assertProblem(TestServer.Response r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asText()).as(r.text()).isEqualTo(field);
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndWritesNothing() {
        TestServer.Merchant m = s.onboard("Kiosk");
        int before = s.server.storage().payments().allPayments().size();
        String t = m.terminal().id();
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":"), 400, "body");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "not json"), 400, "body");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1,\"currency\":\"EUR\"},\"terminal_id\":\"" + t + "\",\"tip\":1}"), 400, "tip");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":-5,\"currency\":\"EUR\"},\"terminal_id\":\"" + t + "\"}"), 400, "amount.minor");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":99999999999999999999,\"currency\":\"EUR\"},\"terminal_id\":\"" + t + "\"}"), 400, "amount.minor");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1.5,\"currency\":\"EUR\"},\"terminal_id\":\"" + t + "\"}"), 400, "amount.minor");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":100,\"currency\":\"EURO\"},\"terminal_id\":\"" + t + "\"}"), 400, "amount.currency");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":100,\"currency\":\"EUR\"},\"terminal_id\":\"nope\"}"), 400, "terminal_id");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":100,\"currency\":\"EUR\"}}"), 400, "terminal_id");
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":100,\"currency\":\"EUR\"},\"terminal_id\":\"" + t
                + "\",\"capture_method\":\"later\"}"), 400, "capture_method");
        assertThat(s.server.storage().payments().allPayments()).hasSize(before);

        String id = createPayment(m, 100).json().get("id").asText();
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "{\"palm_image\":\"aGVsbG8=\"}"), 422, "palm_image"); // "hello": not an image
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "{\"palm_image\":\"***\"}"), 422, "palm_image"); // no base64 characters: an empty image
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "{\"palm_image\":\"" + png(SyntheticPalms.palm(1)) + "\",\"hint\":\"12\"}"), 400, "hint");
        assertThat(s.get("/v1/payments/" + id, m.apiKey()).json().get("status").asText()).isEqualTo("CREATED");

        int customers = countRows("customers");
        String badCard = "{\"phone\":\"" + phone(3001) + "\",\"card_number\":\"4111111111111112\",\"expiry\":\"2030-01\",\"palm_images\":[\""
                + png(SyntheticPalms.palm(3001)) + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
        TestServer.Response bad = s.enrol(m.kiosk(), badCard);
        assertProblem(bad, 400, "card_number");
        assertThat(bad.text()).doesNotContain("4111111111111112");
        String noConsent = enrolmentJson(3002, phone(3002)).replace("\"biometric_consent\":true", "\"biometric_consent\":false");
        TestServer.Response refused = s.enrol(m.kiosk(), noConsent);
        assertProblem(refused, 422, "biometric_consent");
        assertThat(countRows("customers")).isEqualTo(customers);
    }

    int countRows(String table) {
        try (Connection c = s.server.database().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void merchantAndTerminalAuthentication() {
        TestServer.Merchant m = s.onboard("Florist");
        assertThat(s.post("/v1/payments", null, TestServer.key(), "{}").status()).isEqualTo(401);
        assertThat(s.post("/v1/payments", "opk_wrong", TestServer.key(), "{}").status()).isEqualTo(401);
        assertThat(s.post("/admin/v1/merchants", m.apiKey(), TestServer.key(), "{\"name\":\"x\"}").status()).isEqualTo(401);

        String id = createPayment(m, 100).json().get("id").asText();
        String path = "/terminal/v1/payments/" + id + "/palm";
        byte[] body = ("{\"palm_image\":\"" + png(SyntheticPalms.palm(4001)) + "\"}").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String n = nonce();
        assertThat(s.terminalPost(m.terminal(), path, "application/json", body, TestServer.key(), now - 61, nonce()).status()).isEqualTo(401);
        assertThat(s.terminalPost(m.terminal(), path, "application/json", body, TestServer.key(), now, n).status()).isEqualTo(200);
        assertThat(s.terminalPost(m.terminal(), path, "application/json", body, TestServer.key(), now, n).status()).isEqualTo(401);

        TestServer.SigningTerminal impostor = new TestServer.SigningTerminal(m.terminal().id(), TestServer.ed25519());
        assertThat(s.terminalPost(impostor, path, "application/json", body, TestServer.key(), now, nonce()).status()).isEqualTo(401);
        // a signature over another body does not verify
        var request = java.net.http.HttpRequest.newBuilder(s.uri(path)).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"palm_image\":\"x\"}"))
                .header("Content-Type", "application/json").header("X-Terminal-Id", m.terminal().id()).header("X-Timestamp", Long.toString(now))
                .header("X-Nonce", nonce()).header("X-Signature", m.terminal().sign("POST", path, "application/json", now, "other-nonce-0000000", body))
                .header("Idempotency-Key", TestServer.key()).build();
        assertThat(s.send(request).status()).isEqualTo(401);
    }

    @Test
    void webhooksAreSignedAndRetriedUntilDelivered() throws Exception {
        List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> signatures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            int status = n <= 2 ? 500 : 200; // the first two attempts fail
            if (status == 200) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                signatures.add(exchange.getRequestHeaders().getFirst("OpenPalm-Signature"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            TestServer.Merchant m = s.onboard("Webhook shop");
            TestServer.Response endpoint = s.post("/v1/webhook-endpoints", m.apiKey(), TestServer.key(),
                    "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks\"}");
            assertThat(endpoint.status()).as(endpoint.text()).isEqualTo(201);
            var secret = org.openpalm.payments.webhook.WebhookSecret.of(endpoint.json().get("secret").asText());
            assertThat(s.post("/v1/webhook-endpoints", m.apiKey(), TestServer.key(), "{\"url\":\"ftp://x\"}").status()).isEqualTo(400);

            assertThat(s.enrol(m.kiosk(), enrolmentJson(6001, phone(6001))).status()).isEqualTo(201);
            String id = createPayment(m, 450).json().get("id").asText();
            s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "{\"palm_image\":\"" + png(SyntheticPalms.capture(6001, 3, 0, 1)) + "\"}");
            s.post("/v1/payments/" + id + "/capture", m.apiKey(), TestServer.key(), "");

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (bodies.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(bodies).hasSize(2);
            assertThat(calls.get()).isGreaterThanOrEqualTo(4);
            assertThat(String.join(" ", bodies)).contains("payment.authorised").contains("payment.captured").contains(id);
            long now = Instant.now().getEpochSecond();
            for (int i = 0; i < bodies.size(); i++) {
                assertThat(org.openpalm.payments.webhook.WebhookSigner.verify(signatures.get(i), secret, bodies.get(i), now, 300)).isTrue();
            }
            // the receiver records a body before it answers, the dispatcher marks the delivery after the answer: wait for that
            while (s.server.storage().webhooks().pendingCount() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(s.server.storage().webhooks().pendingCount()).isZero();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void cardNumbersAreMaskedEverywhere() {
        CardNumber card = PaymentsFixture.card(5001);
        assertThat(card.toString()).doesNotContain(pan(5001).substring(0, 12));
    }
}
