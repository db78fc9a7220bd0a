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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.UUID;
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
    private KeyPair terminalKeys;

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
        terminalKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        terminalId = post("/v1/terminals", apiKey, UUID.randomUUID().toString(), "{\"store_id\":\"" + store + "\",\"public_key\":\""
                + Base64.getEncoder().encodeToString(terminalKeys.getPublic().getEncoded()) + "\"}").json().get("terminal_id").asText();
    }

    Reply terminalPost(String path, String key, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String signature;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(terminalKeys.getPrivate());
            s.update(TerminalAuth.canonical("POST", path, Long.toString(ts), nonce, body).getBytes(StandardCharsets.UTF_8));
            signature = Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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

    static String palmJson(long customer, long capture) {
        return "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(SyntheticPalms.capture(customer, capture, (int) (capture % 3) - 1, 0).toPng()) + "\"}";
    }
}
