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

    /** Every test client is 127.0.0.1: its per-client sign-in budget is large here; SecurityControlsTest checks the real one. */
    static final org.openpalm.payments.portal.PortalConfig TEST_PORTAL = new org.openpalm.payments.portal.PortalConfig(300, 5, 1800,
            org.openpalm.payments.portal.PortalConfig.DEFAULT.perPhone(), new org.openpalm.payments.portal.PortalConfig.Backoff(10_000, 1, 1, 10_000));

    final OpenPalmServer server;
    final HttpClient http;
    private final String scheme;
    /** The one-time codes the server sent (also written to the log, as the default sender does). */
    final RecordingOneTimeCodeSender codes;

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

    static DatabaseConfig freshDatabase() {
        return DatabaseConfig.inMemory("srv" + UUID.randomUUID().toString().replace("-", ""));
    }

    TestServer(Path dataDir, DatabaseConfig database, Optional<org.openpalm.server.network.NetworkLinkSettings> networkLink) {
        this(dataDir, database, networkLink, c -> c, HttpClient.newHttpClient());
    }

    /** With {@code presentations}: the caps on palm presentations under test. */
    TestServer(Path dataDir, DatabaseConfig database, Optional<org.openpalm.server.network.NetworkLinkSettings> networkLink,
               org.openpalm.payments.attempt.PresentationConfig presentations) {
        this(dataDir, database, networkLink, c -> c.withPresentations(presentations), HttpClient.newHttpClient());
    }

    /** A server of exactly {@code config} (as {@code ./openpalm serve} would run it). */
    TestServer(ServerConfig config) {
        this.http = HttpClient.newHttpClient();
        this.codes = new RecordingOneTimeCodeSender(Main.codeSender(config.portal()));
        scheme = config.http().tls().isPresent() ? "https" : "http";
        server = Main.start(config, codes);
    }

    /** A server of exactly {@code config}, one member of the clustered gallery {@code cluster}. */
    TestServer(ServerConfig config, org.openpalm.cluster.ClusterConfig cluster) {
        this.http = HttpClient.newHttpClient();
        this.codes = new RecordingOneTimeCodeSender(Main.codeSender(config.portal()));
        scheme = config.http().tls().isPresent() ? "https" : "http";
        server = Main.start(config, codes, Optional.of(cluster));
    }

    /** A server whose test configuration is first changed by {@code adjust} (load limits, key encryption). */
    TestServer(Path dataDir, DatabaseConfig database, java.util.function.UnaryOperator<ServerConfig> adjust) {
        this(dataDir, database, Optional.empty(), adjust, HttpClient.newHttpClient());
    }

    /** A server whose test configuration {@code customise} changes (TLS, proxies, limits), reached through {@code http}. */
    TestServer(Path dataDir, java.util.function.UnaryOperator<ServerConfig> customise, HttpClient http) {
        this(dataDir, freshDatabase(), Optional.empty(), customise, http);
    }

    TestServer(Path dataDir, DatabaseConfig database, Optional<org.openpalm.server.network.NetworkLinkSettings> networkLink,
               java.util.function.UnaryOperator<ServerConfig> customise, HttpClient http) {
        this.http = http;
        // the admin listener on a free port too, without a practical rate limit; webhooks to local receivers over plain HTTP
        ServerConfig config = new ServerConfig(new HttpSettings("127.0.0.1", 0, 16L << 20)
                        .withAdmin(new HttpSettings.AdminListener("127.0.0.1", 0, 1_000_000)),
                Optional.of(database), dataDir, Optional.empty(),
                PaymentsConfig.DEFAULT, IdentifierConfig.DEFAULT, IdempotencyConfig.DEFAULT, TerminalAuthConfig.DEFAULT,
                new org.openpalm.payments.webhook.WebhookConfig(50, 5, 100, 1_000, 2_000, 20, 5_000),
                Optional.of(ADMIN_TOKEN), 1_000_000);
        config = config.withWebhookTargets(new org.openpalm.server.http.WebhookTargets.Policy(true, true))
                .withPortal(new PortalSettings(new PortalSettings.CodeSender.Log(true), TEST_PORTAL));
        config = customise.apply(networkLink.map(config::withNetworkLink).orElse(config));
        scheme = config.http().tls().isPresent() ? "https" : "http";
        // enrolment codes recorded for the kiosk calls; sign-in codes to the configured sender (the log, or a test gateway)
        codes = new RecordingOneTimeCodeSender(Main.codeSender(config.portal()));
        server = Main.start(config, codes);
    }

    /** The admin API's calls go to its own listener, everything else to the public one. */
    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + (path.startsWith("/admin/") ? server.adminPort() : server.port()) + path);
    }

    record Response(int status, String contentType, JsonNode json, String text, HttpResponse<String> raw) {}

    Response send(HttpRequest request) {
        return send(http, request);
    }

    /** Sends through {@code client} (bound to another address, or trusting another certificate). */
    static Response send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
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
        return onboard(name, ADMIN_TOKEN);
    }

    /** As {@link #onboard(String)}, on a server with its own admin token. */
    Merchant onboard(String name, String adminToken) {
        Response m = post("/admin/v1/merchants", adminToken, key(), "{\"name\":\"" + name + "\"}");
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

    /** A merchant (see {@link #onboard(String)}) whose kiosk enrolled the customer of palm {@code palm} ({@link ServerApiTest#enrolmentJson}). */
    Merchant onboardWithEnrolledPalm(String name, long palm) {
        Merchant m = onboard(name);
        Response enrolled = enrol(m.kiosk(), ServerApiTest.enrolmentJson(palm, ServerApiTest.phone(palm)));
        if (enrolled.status() != 201) throw new AssertionError("enrolment failed: " + enrolled.text());
        return m;
    }

    /** A payment of {@code minor} euro cents the merchant's till creates for {@code terminal}: its id. */
    String createPayment(Merchant m, SigningTerminal terminal, long minor) {
        Response created = post("/v1/payments", m.apiKey(), key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + terminal.id() + "\"}");
        if (created.status() != 201) throw new AssertionError("payment failed: " + created.text());
        return created.json().get("id").asText();
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
        /** Signs as a terminal does: {@code pathAndQuery} as sent, {@code contentType} as sent ("" when none). */
        String sign(String method, String pathAndQuery, String contentType, long timestamp, String nonce, byte[] body) {
            int q = pathAndQuery.indexOf('?');
            String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(keys.getPrivate());
                s.update(TerminalAuth.canonical(method, path, query, contentType, Long.toString(timestamp), nonce, body).getBytes(StandardCharsets.UTF_8));
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
                .header("X-Signature", t.sign("POST", path, contentType, timestamp, nonce, body));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return send(b.build());
    }

    Response terminalPost(SigningTerminal t, String path, String json) {
        return terminalPost(t, path, json, key());
    }

    /** A signed JSON POST with this Idempotency-Key (a retry sends the same key). */
    Response terminalPost(SigningTerminal t, String path, String json, String idempotencyKey) {
        return terminalPost(t, path, "application/json", json.getBytes(StandardCharsets.UTF_8), idempotencyKey, Instant.now().getEpochSecond(),
                UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    public void close() {
        server.close();
    }
}
