package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.cluster.ClusterConfig;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.idempotency.IdempotencyConfig;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.store.Database;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.FileKeyProvider;

/**
 * Two servers on one database with the gallery as a cluster (cluster.members): a palm enrolled
 * through one pays at the other at once, and a palm erased through one no longer pays at the other.
 */
class TwoServersOneGalleryTest {
    @TempDir
    Path dataDir;

    private ServerConfig config(DatabaseConfig database) {
        ServerConfig config = new ServerConfig(new HttpSettings("127.0.0.1", 0, 16L << 20)
                .withAdmin(new HttpSettings.AdminListener("127.0.0.1", 0, 1_000_000)),
                Optional.of(database), dataDir, Optional.empty(),
                PaymentsConfig.DEFAULT, IdentifierConfig.DEFAULT, IdempotencyConfig.DEFAULT, TerminalAuthConfig.DEFAULT,
                new org.openpalm.payments.webhook.WebhookConfig(50, 5, 100, 1_000, 2_000, 20, 5_000),
                Optional.of(TestServer.ADMIN_TOKEN), 1_000_000);
        return config.withPortal(new PortalSettings(new PortalSettings.CodeSender.Log(true), TestServer.TEST_PORTAL));
    }

    private static String pay(TestServer server, TestServer.Merchant m, long seed, long capture) {
        TestServer.Response created = server.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":1234,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String palm = "{\"palm_image\":\"" + ServerApiTest.png(SyntheticPalms.capture(seed, capture, 1, 0)) + "\"}";
        TestServer.Response paid = server.terminalPost(m.terminal(), "/terminal/v1/payments/" + created.json().get("id").asText() + "/palm", palm);
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json().get("result").asText();
    }

    @Test
    void enrolledThroughOneServerPaysAtTheOtherAndErasedThroughOneNoLongerPaysAtTheOther() {
        DatabaseConfig database = TestServer.freshDatabase();
        // The schema and the shared template keys exist before the two servers start side by side.
        try (Database migrated = Database.open(database)) {
            FileKeyProvider.openOrCreate(dataDir.resolve("template-keys"));
            int base = org.openpalm.payments.testing.FreePorts.consecutive(2);
            List<String> members = List.of("127.0.0.1:" + base, "127.0.0.1:" + (base + 1));
            String name = "two-servers-" + base;
            // A thread each: a server waits for the other to join before it returns.
            java.util.concurrent.Executor threads = task -> Thread.ofPlatform().daemon().start(task);
            CompletableFuture<TestServer> startingA = CompletableFuture.supplyAsync(() ->
                    new TestServer(config(database), ClusterConfig.of("127.0.0.1", base, members).withClusterName(name).withPartitionCount(71)), threads);
            CompletableFuture<TestServer> startingB = CompletableFuture.supplyAsync(() ->
                    new TestServer(config(database), ClusterConfig.of("127.0.0.1", base + 1, members).withClusterName(name).withPartitionCount(71)), threads);
            try (TestServer a = startingA.join(); TestServer b = startingB.join()) {
                TestServer.Merchant m = a.onboard("Two Tills Cafe");
                TestServer.Response enrolled = a.enrol(m.kiosk(), ServerApiTest.enrolmentJson(7201, ServerApiTest.phone(7201)));
                assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
                assertThat(pay(b, m, 7201, 4)).isEqualTo("AUTHORISED");
                assertThat(b.server.enrolledPalms()).isEqualTo(1);

                String customer = enrolled.json().get("customer_id").asText();
                TestServer.Response erased = a.post("/admin/v1/customers/" + customer + "/erasure", TestServer.ADMIN_TOKEN, TestServer.key(), "{}");
                assertThat(erased.status()).as(erased.text()).isEqualTo(200);
                // a new capture of the same palm (the same picture twice would be refused as a replay)
                assertThat(pay(b, m, 7201, 5)).isEqualTo("NOT_RECOGNISED");
                assertThat(b.server.enrolledPalms()).isZero();
                assertThat(b.server.ledgerAudit().check().ok()).isTrue();
            }
        }
    }
}
