package org.openpalm.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.idempotency.IdempotencyConfig;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.server.http.TerminalAuth;
import org.openpalm.store.DatabaseConfig;

/** A real server on a free port over a private in-memory H2 database, with an HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final OpenPalmServer server;
    final HttpClient http = HttpClient.newHttpClient();
    /** The one-time codes the server sent (also written to the log, as the default sender does). */
    final RecordingOneTimeCodeSender codes = new RecordingOneTimeCodeSender();

    TestServer(Path dataDir) {
        this(dataDir, freshDatabase(), Optional.empty());
    }

    /** With {@code networkLink}: the server talks ISO 8583 to that network instead of the in-process double. */
    TestServer(Path dataDir, Optional<org.openpalm.server.network.NetworkLinkSettings> networkLink) {
        this(dataDir, freshDatabase(), networkLink);
    }

    /** A server over {@code database}, keeping its template keys in {@code dataDir}: two in turn share both. */
    TestServer(Path dataDir, DatabaseConfig database) {
        this(dataDir, database, Optional.empty());
    }

    private static DatabaseConfig freshDatabase() {
        return DatabaseConfig.inMemory("srv" + UUID.randomUUID().toString().replace("-", ""));
    }

    TestServer(Path dataDir, DatabaseConfig database, Optional<org.openpalm.server.network.NetworkLinkSettings> networkLink) {
        this(dataDir, database, networkLink, org.openpalm.payments.attempt.PresentationConfig.DEFAULT);
    }

    /** With {@code presentations}: the caps on palm presentations under test. */
    TestServer(Path dataDir, DatabaseConfig database, Optional<org.openpalm.server.network.NetworkLinkSettings> networkLink,
               org.openpalm.payments.attempt.PresentationConfig presentations) {
        ServerConfig config = new ServerConfig(new HttpSettings("127.0.0.1", 0, 16L << 20),
                Optional.of(database), dataDir, Optional.empty(),
                PaymentsConfig.DEFAULT, IdentifierConfig.DEFAULT, IdempotencyConfig.DEFAULT, TerminalAuthConfig.DEFAULT,
                new org.openpalm.payments.webhook.WebhookConfig(50, 5, 100, 1_000, 2_000, 20, 5_000),
                Optional.of(ADMIN_TOKEN), 1_000_000);
        server = Main.start(networkLink.map(config::withNetworkLink).orElse(config).withPresentations(presentations), codes);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    record Response(int status, String contentType, JsonNode json, String text, HttpResponse<String> raw) {}

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json")) node = JSON.readTree(r.body());
            return new Response(r.statusCode(), type, node, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return send(b.build());
    }

    Response post(String path, String bearer, String idempotencyKey, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return send(b.build());
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** A merchant with a store, a reader ({@code terminal}) and a kiosk, both signing. */
    record Merchant(String id, String apiKey, String storeId, SigningTerminal terminal, SigningTerminal kiosk) {}

    /** A new signing terminal of {@code role} at the merchant's store. */
    SigningTerminal addTerminal(String apiKey, String storeId, String role) {
        KeyPair pair = ed25519();
        Response t = post("/v1/terminals", apiKey, key(), "{\"store_id\":\"" + storeId + "\",\"role\":\"" + role + "\",\"public_key\":\""
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\"}");
        if (t.status() != 201) throw new AssertionError("terminal failed: " + t.text());
        return new SigningTerminal(t.json().get("terminal_id").asText(), pair);
    }

    /** The CVV2 the card network expects for a test card: its last three digits (in-process double and simulator alike). */
    static String cvv2Of(String cardNumber) {
        return org.openpalm.payments.network.InProcessNetwork.testSecurityCodeOf(cardNumber);
    }

    /** The latest enrolment code the server sent to {@code phone} (E.164). */
    String latestEnrolmentCode(String phone) {
        return codes.enrolmentCode(phone).orElseThrow(() -> new AssertionError("no enrolment code was sent to the phone ending "
                + phone.substring(phone.length() - 4)));
    }

    /** Starts the phone check of an enrolment at {@code kiosk}: 201 with {@code phone_check_id}. */
    Response startPhoneCheck(SigningTerminal kiosk, String phone) {
        return terminalPost(kiosk, "/terminal/v1/enrolments/phone-checks", "{\"phone\":\"" + phone + "\"}");
    }

    /**
     * Enrols as the kiosk page does: a phone check first, then the enrolment {@code json} with the
     * check's id, the code the phone received and the card's right CVV2 added (fields the json
     * already has are kept, so a test can give wrong ones).
     */
    Response enrol(SigningTerminal kiosk, String json) {
        try {
            var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
            String phone = body.path("phone").asText("");
            String checkId = "phc_" + "0".repeat(26);
            String code = "000000";
            if (org.openpalm.payments.customer.PhoneNumber.parse(phone) instanceof org.openpalm.payments.Validated.Valid<org.openpalm.payments.customer.PhoneNumber> valid) {
                Response started = startPhoneCheck(kiosk, phone);
                if (started.status() == 201) {
                    checkId = started.json().get("phone_check_id").asText();
                    code = latestEnrolmentCode(valid.value().e164());
                }
            }
            if (!body.has("phone_check_id")) body.put("phone_check_id", checkId);
            if (!body.has("phone_code")) body.put("phone_code", code);
            if (!body.has("cvv2")) body.put("cvv2", cvv2Of(body.path("card_number").asText("4000000000000002")));
            return terminalPost(kiosk, "/terminal/v1/enrolments", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Merchant onboard(String name) {
        Response m = post("/admin/v1/merchants", ADMIN_TOKEN, key(), "{\"name\":\"" + name + "\"}");
        if (m.status() != 201) throw new AssertionError("onboarding failed: " + m.text());
        String apiKey = m.json().get("api_key").asText();
        Response s = post("/v1/stores", apiKey, key(), "{\"name\":\"Main Street\"}");
        String storeId = s.json().get("store_id").asText();
        KeyPair pair = ed25519();
        Response t = post("/v1/terminals", apiKey, key(), "{\"store_id\":\"" + storeId + "\",\"public_key\":\""
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\"}");
        if (t.status() != 201) throw new AssertionError("terminal failed: " + t.text());
        return new Merchant(m.json().get("merchant_id").asText(), apiKey, storeId, new SigningTerminal(t.json().get("terminal_id").asText(), pair),
                addTerminal(apiKey, storeId, "kiosk"));
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A terminal that signs its requests. */
    record SigningTerminal(String id, KeyPair keys) {
        String sign(String method, String path, long timestamp, String nonce, byte[] body) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(keys.getPrivate());
                s.update(TerminalAuth.canonical(method, path, Long.toString(timestamp), nonce, body).getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A signed terminal POST; {@code timestamp} and {@code nonce} may be forced for replay tests. */
    Response terminalPost(SigningTerminal t, String path, String contentType, byte[] body, String idempotencyKey, long timestamp, String nonce) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType)
                .header("X-Terminal-Id", t.id())
                .header("X-Timestamp", Long.toString(timestamp))
                .header("X-Nonce", nonce)
                .header("X-Signature", t.sign("POST", path, timestamp, nonce, body));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return send(b.build());
    }

    Response terminalPost(SigningTerminal t, String path, String json) {
        return terminalPost(t, path, "application/json", json.getBytes(StandardCharsets.UTF_8), key(), Instant.now().getEpochSecond(),
                UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    public void close() {
        server.close();
    }
}
