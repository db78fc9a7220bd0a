package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.payments.testing.SyntheticPalms;

/** Enrolled palms survive a restart: the server loads (decrypts) every stored template into its index at start-up. */
class ServerRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void aPalmEnrolledBeforeARestartPaysAfterIt() {
        DatabaseConfig database = DatabaseConfig.embedded(dataDir.resolve("db"));
        TestServer.Merchant m;
        try (TestServer first = new TestServer(dataDir, database)) {
            m = first.onboard("Restart Cafe");
            for (long n = 7001; n <= 7003; n++) {
                TestServer.Response enrolled = first.enrol(m.kiosk(), ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n)));
                assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
            }
        }
        try (TestServer second = new TestServer(dataDir, database)) {
            assertThat(second.server.enrolledPalms()).isEqualTo(3);
            TestServer.Response created = second.post("/v1/payments", m.apiKey(), TestServer.key(),
                    "{\"amount\":{\"minor\":1234,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.json().get("id").asText();
            String palm = "{\"palm_image\":\"" + ServerApiTest.png(SyntheticPalms.capture(7002, 4, 1, 0)) + "\"}";
            TestServer.Response paid = second.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", palm);
            assertThat(paid.status()).as(paid.text()).isEqualTo(200);
            assertThat(paid.json().get("result").asText()).isEqualTo("AUTHORISED");
            assertThat(second.server.ledgerAudit().check().problems()).isEmpty();
        }
    }
}
