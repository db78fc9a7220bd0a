package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.TestDatabase;

/**
 * Load is answered, never failed: a terminal over its request rate gets 429 with Retry-After, a
 * request finding no image-decoding slot or a busy database (pool exhausted, row locked past the
 * lock timeout) gets 503 with Retry-After, on H2 and PostgreSQL. The Idempotency-Key of a 503 stays
 * unused, so the retry does the work.
 */
class LoadLimitsTest {
    @TempDir
    Path dataDir;

    @Test
    void aTerminalOverItsRateGets429WithRetryAfterAndOtherTerminalsDoNot() {
        try (TestServer s = new TestServer(dataDir, TestServer.freshDatabase(), c -> c.withLoad(new LoadConfig(2, 2_000, 6, 3, 1)))) {
            TestServer.Merchant busy = s.onboard("Busy Shop");
            TestServer.Merchant quiet = s.onboard("Quiet Shop");
            for (int i = 0; i < 3; i++) assertThat(pending(s, busy.terminal()).status()).isEqualTo(204); // the burst
            TestServer.Response limited = pending(s, busy.terminal());
            assertThat(limited.status()).as(limited.text()).isEqualTo(429);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.json().get("type").asText()).endsWith("/rate-limited");
            // 6 a minute: the next token comes within 10 s
            assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
            assertThat(pending(s, quiet.terminal()).status()).isEqualTo(204);
        }
    }

    @Test
    void aRequestFindingNoDecodingSlotGets503WithRetryAfter() throws Exception {
        String frame = Base64.getEncoder().encodeToString(largeFrame());
        String body = "{\"palm_image\":\"" + frame + "\",\"image_kind\":\"full_hand\"}";
        int requests = 12;
        // one slot, no waiting: of requests arriving together, those finding it taken are turned away
        try (TestServer s = new TestServer(dataDir, TestServer.freshDatabase(), c -> c.withLoad(new LoadConfig(1, 0, 1_000_000, 100_000, 2)));
             ExecutorService pool = Executors.newFixedThreadPool(requests)) {
            TestServer.Merchant m = s.onboard("Crowded Kiosk");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TestServer.Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return s.terminalPost(m.terminal(), "/terminal/v1/captures/check", body);
                }));
            }
            start.countDown();
            int busy = 0;
            for (Future<TestServer.Response> f : answers) {
                TestServer.Response r = f.get();
                assertThat(r.status()).as(r.text()).isIn(200, 503);
                if (r.status() == 503) {
                    busy++;
                    assertThat(r.raw().headers().firstValue("Retry-After")).contains("2");
                    assertThat(r.json().get("type").asText()).endsWith("/busy");
                }
            }
            assertThat(busy).as("requests turned away for want of a decoding slot").isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anExhaustedConnectionPoolGets503WithRetryAfterNot500(String database) throws Exception {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig base = database.equals("postgresql") ? TestDatabase.postgres(schema, 2) : TestServer.freshDatabase();
        DatabaseConfig config = new DatabaseConfig(base.jdbcUrl(), base.user(), base.password(), base.schema(), 2, 250);
        try (TestServer s = new TestServer(dataDir, config, c -> c)) {
            TestServer.Merchant m = s.onboard("Pool Shop");
            String paymentId = createPayment(s, m).json().get("id").asText();
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) held.add(s.server.database().dataSource().getConnection());
                String key = TestServer.key();
                TestServer.Response created = s.post("/v1/payments", m.apiKey(), key, paymentJson(m));
                assertBusy(created);
                assertBusy(s.get("/v1/payments/" + paymentId, m.apiKey()));
                held.forEach(LoadLimitsTest::closeQuietly);
                held.clear();
                // the key of the refused request was left unused: its retry creates the payment
                TestServer.Response retried = s.post("/v1/payments", m.apiKey(), key, paymentJson(m));
                assertThat(retried.status()).as(retried.text()).isEqualTo(201);
                assertThat(retried.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
            } finally {
                held.forEach(LoadLimitsTest::closeQuietly);
            }
        } finally {
            if (database.equals("postgresql")) TestDatabase.dropSchema(schema);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRowLockedPastTheLockTimeoutGets503WithRetryAfterNot500(String database) throws Exception {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig base = database.equals("postgresql") ? TestDatabase.postgres(schema, 4) : TestServer.freshDatabase();
        String url = database.equals("postgresql")
                ? base.jdbcUrl() + (base.jdbcUrl().contains("?") ? "&" : "?") + "options=-c%20lock_timeout%3D300"
                : base.jdbcUrl() + ";LOCK_TIMEOUT=300";
        DatabaseConfig config = new DatabaseConfig(url, base.user(), base.password(), base.schema(), 4, 5_000);
        try (TestServer s = new TestServer(dataDir, config, c -> c)) {
            TestServer.Merchant m = s.onboard("Lock Shop");
            String paymentId = createPayment(s, m).json().get("id").asText();
            String key = TestServer.key();
            try (Connection locker = s.server.database().dataSource().getConnection()) {
                locker.setAutoCommit(false);
                try (var lock = locker.prepareStatement("SELECT id FROM payments WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, paymentId);
                    lock.executeQuery().close();
                }
                assertBusy(s.post("/v1/payments/" + paymentId + "/void", m.apiKey(), key, ""));
                locker.rollback();
            }
            TestServer.Response voided = s.post("/v1/payments/" + paymentId + "/void", m.apiKey(), key, "");
            assertThat(voided.status()).as(voided.text()).isEqualTo(200);
            assertThat(voided.json().get("status").asText()).isEqualTo("VOIDED");
        } finally {
            if (database.equals("postgresql")) TestDatabase.dropSchema(schema);
        }
    }

    private static void assertBusy(TestServer.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.raw().headers().firstValue("Retry-After")).contains("1");
        assertThat(r.json().get("type").asText()).endsWith("/database-busy");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (java.sql.SQLException ignored) {
            // the test is over with it either way
        }
    }

    private static String paymentJson(TestServer.Merchant m) {
        return "{\"amount\":{\"minor\":1200,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}";
    }

    private static TestServer.Response createPayment(TestServer s, TestServer.Merchant m) {
        TestServer.Response r = s.post("/v1/payments", m.apiKey(), TestServer.key(), paymentJson(m));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r;
    }

    private static TestServer.Response pending(TestServer s, TestServer.SigningTerminal t) {
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String path = "/terminal/v1/payments/pending?wait_seconds=0";
        return s.send(HttpRequest.newBuilder(s.uri(path)).GET()
                .header("X-Terminal-Id", t.id()).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", t.sign("GET", path, "", ts, nonce, new byte[0])).build());
    }

    /** A 1600 x 1200 frame of noise (PNG, about 2 megapixels): slow to decode and to search for a hand. */
    private static byte[] largeFrame() throws Exception {
        BufferedImage image = new BufferedImage(1600, 1200, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Random random = new java.util.Random(8);
        byte[] pixels = new byte[1600 * 1200];
        random.nextBytes(pixels);
        image.getRaster().setDataElements(0, 0, 1600, 1200, pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
