package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.testing.SyntheticPalms;

/**
 * The terminal signature covers the query string and the content type: changing, adding or
 * dropping either on the way is a 401. A tampered request, an unknown terminal and a signature by
 * the wrong key all get the very same answer (status and body), so the answer tells nobody which
 * terminal ids exist.
 */
class TerminalSignatureTest {
    @TempDir
    static Path dataDir;
    static TestServer s;
    static TestServer.Merchant m;

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
        m = s.onboard("Signature Shop");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theSignedRequestIsAccepted() {
        assertThat(get(m.terminal(), "/terminal/v1/payments/pending?wait_seconds=0", "/terminal/v1/payments/pending?wait_seconds=0").status())
                .isEqualTo(204);
        TestServer.Response check = post(m.terminal(), "application/json", "application/json");
        assertThat(check.status()).as(check.text()).isEqualTo(200);
    }

    @Test
    void aChangedAddedOrDroppedQueryIsRefusedLikeAnUnknownTerminal() {
        String unknown = unknownTerminalAnswer();
        String pending = "/terminal/v1/payments/pending";
        TestServer.Response changed = get(m.terminal(), pending + "?wait_seconds=0", pending + "?wait_seconds=20");
        TestServer.Response added = get(m.terminal(), pending, pending + "?wait_seconds=20");
        TestServer.Response dropped = get(m.terminal(), pending + "?wait_seconds=0", pending);
        for (TestServer.Response r : new TestServer.Response[] {changed, added, dropped}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.text()).isEqualTo(unknown);
        }
    }

    @Test
    void aChangedContentTypeIsRefusedLikeAnUnknownTerminal() {
        String unknown = unknownTerminalAnswer();
        TestServer.Response changed = post(m.terminal(), "application/json", "text/plain; charset=utf-8");
        assertThat(changed.status()).isEqualTo(401);
        assertThat(changed.text()).isEqualTo(unknown);
        TestServer.Response charsetAdded = post(m.terminal(), "application/json", "application/json; charset=utf-8");
        assertThat(charsetAdded.status()).isEqualTo(401);
        assertThat(charsetAdded.text()).isEqualTo(unknown);
    }

    @Test
    void aBadSignatureAndAnUnknownTerminalGetTheSameAnswer() {
        TestServer.SigningTerminal wrongKey = new TestServer.SigningTerminal(m.terminal().id(), TestServer.ed25519());
        TestServer.Response bad = get(wrongKey, "/terminal/v1/payments/pending", "/terminal/v1/payments/pending");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.text()).isEqualTo(unknownTerminalAnswer());
        // a malformed terminal id too
        TestServer.SigningTerminal malformed = new TestServer.SigningTerminal("not-a-terminal", TestServer.ed25519());
        assertThat(get(malformed, "/terminal/v1/payments/pending", "/terminal/v1/payments/pending").text()).isEqualTo(bad.text());
    }

    private static String unknownTerminalAnswer() {
        TestServer.SigningTerminal stranger = new TestServer.SigningTerminal("ter_" + "0".repeat(26), TestServer.ed25519());
        TestServer.Response r = get(stranger, "/terminal/v1/payments/pending", "/terminal/v1/payments/pending");
        assertThat(r.status()).isEqualTo(401);
        return r.text();
    }

    /** Signs {@code signed} (path and query) and sends {@code sent}. */
    private static TestServer.Response get(TestServer.SigningTerminal t, String signed, String sent) {
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        return s.send(HttpRequest.newBuilder(s.uri(sent)).GET()
                .header("X-Terminal-Id", t.id()).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", t.sign("GET", signed, "", ts, nonce, new byte[0])).build());
    }

    /** A capture check signed with {@code signedType} and sent with {@code sentType}. */
    private static TestServer.Response post(TestServer.SigningTerminal t, String signedType, String sentType) {
        byte[] body = ("{\"palm_image\":\"" + TerminalPagesApiTest.png(SyntheticPalms.palm(9101)) + "\"}").getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String path = "/terminal/v1/captures/check";
        return s.send(HttpRequest.newBuilder(s.uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", sentType)
                .header("X-Terminal-Id", t.id()).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", t.sign("POST", path, signedType, ts, nonce, body)).build());
    }
}
