package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.payment.MovementKind;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.store.PostgresPair;

/**
 * A payment call during a database failover, over HTTP against a real PostgreSQL pair: while there
 * is no primary the call fails cleanly with a retryable 503 (never a 500), and its retry with the
 * same Idempotency-Key after the promotion completes it exactly once.
 */
class DatabaseFailoverApiTest {
    @TempDir
    Path dataDir;

    static void requirePair() {
        if (!PostgresPair.available()) {
            String why = "DatabaseFailoverApiTest needs Debian's PostgreSQL tools (/usr/lib/postgresql/*/bin) and root or postgres";
            if ("true".equals(System.getenv("CI"))) Assertions.fail(why);
            Assumptions.abort("skipped: " + why);
        }
    }

    @Test
    void reportsReadTheStandbyWhenReadUrlIsSet() throws Exception {
        requirePair();
        try (PostgresPair pair = PostgresPair.start()) {
            String clientsOnStandby = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = 'postgres'";
            assertThat(pair.queryStandby(clientsOnStandby)).as("only this query's own connection").containsExactly("1");
            org.openpalm.store.DatabaseConfig config = new org.openpalm.store.DatabaseConfig(pair.jdbcUrl(), "postgres", "", Optional.empty(), 4,
                    5_000, Optional.of(pair.standbyUrl() + "&targetServerType=preferSecondary"));
            TestServer s = new TestServer(dataDir, config, Optional.empty());
            try {
                TestServer.Merchant m = s.onboard("Report shop");
                NetworkPaymentTest.enrolWith(s, m, 9201, "4000000000000002");
                String id = NetworkPaymentTest.payWith(s, m, 9201, 1_200);
                assertThat(s.post("/v1/payments/" + id + "/capture", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
                String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
                TestServer.Response report = null;
                long deadline = System.nanoTime() + 10_000_000_000L;
                do {
                    report = s.get("/v1/reports/daily?from=" + today + "&to=" + today, m.apiKey());
                    if (report.status() == 200 && report.text().contains("1200")) break;
                    Thread.sleep(100);
                } while (System.nanoTime() < deadline);
                assertThat(report.status()).as(report.text()).isEqualTo(200);
                assertThat(report.text()).as("the standby has replayed the payment").contains("1200");
                assertThat(Integer.parseInt(pair.queryStandby(clientsOnStandby).getFirst()))
                        .as("the server's report pool is connected to the standby").isGreaterThan(1);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void aPaymentCutByTheFailoverIsRetriedWithItsKeyAndCompletesOnce() throws Exception {
        requirePair();
        try (PostgresPair pair = PostgresPair.start()) {
            TestServer s = new TestServer(dataDir, pair.databaseConfig(4), Optional.empty());
            try {
                TestServer.Merchant m = s.onboard("Failover shop");
                NetworkPaymentTest.enrolWith(s, m, 9101, "4000000000000002");
                String before = NetworkPaymentTest.payWith(s, m, 9101, 1_500);
                assertThat(s.get("/v1/payments/" + before, m.apiKey()).json().get("status").asText()).isEqualTo("AUTHORISED");

                TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                        "{\"amount\":{\"minor\":2500,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
                String id = created.json().get("id").asText();
                String palm = "{\"palm_image\":\"" + NetworkPaymentTest.png(SyntheticPalms.liveCapture(9101, PortalClient.freshNoise())) + "\"}";
                String key = TestServer.key();

                pair.killPrimary();
                TestServer.Response cut = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", palm, key);
                assertThat(cut.status()).as(cut.text()).isEqualTo(503);
                assertThat(cut.contentType()).startsWith("application/problem+json");
                assertThat(cut.raw().headers().firstValue("Retry-After")).isPresent();

                pair.promoteStandby();
                TestServer.Response retried = null;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline) {
                    retried = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", palm, key);
                    if (retried.status() != 503 && retried.status() != 409) break;
                    Thread.sleep(250);
                }
                assertThat(retried.status()).as(retried.text()).isEqualTo(200);
                assertThat(retried.json().get("result").asText()).isEqualTo("AUTHORISED");
                assertThat(s.get("/v1/payments/" + before, m.apiKey()).json().get("status").asText())
                        .as("committed before the kill, found on the promoted standby").isEqualTo("AUTHORISED");
                assertThat(s.post("/v1/payments/" + id + "/capture", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
                assertThat(s.server.network().received(MovementKind.CAPTURE)).isEqualTo(1);
                assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
            } finally {
                s.close();
            }
        }
    }
}
