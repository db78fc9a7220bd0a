package org.openpalm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.UUID;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.server.http.TerminalAuth;

/** A small client of the OpenPalm HTTP API for the harnesses: a merchant, a signing terminal. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    String apiKey;
    String terminalId;
    /** The terminal's Ed25519 private key (RFC 8032 seed) and X.509 public key. */
    private final byte[] terminalSecret = new byte[Ed25519.SECRET_KEY_SIZE];
    private byte[] terminalPublicX509;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Reply(int status, JsonNode json) {}

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), node);
    }

    Reply post(String path, String bearer, String key, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply get(String path, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).GET().build());
    }

    boolean ready() {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + "/ready")).timeout(Duration.ofSeconds(2)).GET().build()).status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Onboards a merchant with one store and one terminal. */
    void onboard(String adminToken) throws IOException, InterruptedException, GeneralSecurityException {
        apiKey = post("/admin/v1/merchants", adminToken, UUID.randomUUID().toString(), "{\"name\":\"Bench shop\"}").json().get("api_key").asText();
        String store = post("/v1/stores", apiKey, UUID.randomUUID().toString(), "{\"name\":\"Bench store\"}").json().get("store_id").asText();
        new java.security.SecureRandom().nextBytes(terminalSecret);
        byte[] raw = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(terminalSecret, 0, raw, 0);
        terminalPublicX509 = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, terminalPublicX509, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, terminalPublicX509, ED25519_SPKI_PREFIX.length, raw.length);
        terminalId = post("/v1/terminals", apiKey, UUID.randomUUID().toString(), "{\"store_id\":\"" + store + "\",\"public_key\":\""
                + Base64.getEncoder().encodeToString(terminalPublicX509) + "\"}").json().get("terminal_id").asText();
    }

    Reply terminalPost(String path, String key, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        // Bouncy Castle's RFC 8032 signing: the JDK's costs ~1 ms of the bench's shared CPU per call.
        byte[] message = TerminalAuth.canonical("POST", path, Long.toString(ts), nonce, body).getBytes(StandardCharsets.UTF_8);
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(terminalSecret, 0, message, 0, message.length, sig, 0);
        String signature = Base64.getEncoder().encodeToString(sig);
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Terminal-Id", terminalId).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", signature).header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Reply enrol(long n) throws IOException, InterruptedException {
        String pan = PaymentsFixture.card(n).revealTo((x, e) -> null);
        String json = "{\"phone\":\"" + PaymentsFixture.phone(n).e164() + "\",\"card_number\":\"" + pan + "\",\"expiry\":\""
                + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\"" + Base64.getEncoder().encodeToString(SyntheticPalms.palm(n).toPng())
                + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
        return terminalPost("/terminal/v1/enrolments", "enrol-" + n, json);
    }

    /** DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410 section 4). */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    static String palmJson(long customer, long capture) {
        return "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(SyntheticPalms.capture(customer, capture, (int) (capture % 3) - 1, 0).toPng()) + "\"}";
    }
}
