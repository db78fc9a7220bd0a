package org.openpalm.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.openpalm.server.http.TerminalAuth;

/**
 * A client of the OpenPalm HTTP API as its real callers use it: the operator (admin token), a
 * merchant (API key) and terminals (Ed25519-signed requests). Every mutating call sends a fresh
 * Idempotency-Key. The demo seeds through it, and its test checks the seeded data through it.
 */
public final class DemoClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final URI adminBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code adminBase}: the admin API's own listener, where {@code admin/} paths go. */
    public DemoClient(URI base, URI adminBase) {
        this.base = base;
        this.adminBase = adminBase;
    }

    private URI resolve(String path) {
        return (path.startsWith("admin/") || path.startsWith("/admin/") ? adminBase : base).resolve(path);
    }

    /** An HTTP answer: status and the JSON body (an empty object when the body is not JSON). */
    public record Reply(int status, JsonNode json) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text(String field) {
            return json.path(field).asText("");
        }

        /** This reply when it is a success, else an exception naming the call and the problem. */
        public Reply require(String call) {
            if (!ok()) throw new IllegalStateException(call + " failed: HTTP " + status + " " + json);
            return this;
        }
    }

    /** A terminal's identity and its private signing key. */
    public record TerminalKey(String terminalId, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "TerminalKey[" + terminalId + ", private key masked]";
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public Reply get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return send(b.build());
    }

    /** A JSON POST with a bearer token (admin token or merchant API key). */
    public Reply post(String path, String bearer, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .build();
        return send(request);
    }

    /** A JSON POST signed by a terminal, as the reader and kiosk pages send them. */
    public Reply terminalPost(TerminalKey terminal, String path, JsonNode body) {
        byte[] bytes = bytes(body);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Terminal-Id", terminal.terminalId())
                .header("X-Timestamp", timestamp)
                .header("X-Nonce", nonce)
                .header("X-Signature", sign(terminal.privateKey(), TerminalAuth.canonical("POST", path, "", "application/json", timestamp, nonce, bytes)))
                .build();
        return send(request);
    }

    /** Creates a payment at {@code terminalId} and presents {@code palmPng} for it: the terminal's answer. */
    public Reply payByPalm(String apiKey, TerminalKey terminal, long amountMinor, String currency, byte[] palmPng) {
        ObjectNode payment = object();
        payment.putObject("amount").put("minor", amountMinor).put("currency", currency);
        payment.put("terminal_id", terminal.terminalId());
        String paymentId = post("/v1/payments", apiKey, payment).require("creating a payment").text("id");
        ObjectNode palm = object().put("palm_image", Base64.getEncoder().encodeToString(palmPng));
        return terminalPost(terminal, "/terminal/v1/payments/" + paymentId + "/palm", palm);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && r.body().length > 0 ? JSON.readTree(r.body()) : object();
            return new Reply(r.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sign(PrivateKey key, String canonical) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the terminal key", e);
        }
    }
}
