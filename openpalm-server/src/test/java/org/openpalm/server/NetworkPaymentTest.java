package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.server.network.NetworkLinkSettings;

/**
 * The server over HTTP (port 0) paying through the ISO 8583 link to the network simulator (port 0,
 * in-process): enrolment tokenises over 0600, payments authorise over 0100, and every outcome is
 * checked against the simulator's balances.
 */
class NetworkPaymentTest {
    static final String APPROVE = "4000000000000002";
    static final String TIMEOUT = "4000000000000994";

    @TempDir
    static Path dataDir;

    static NetworkSimulator sim;
    static TestServer s;
    static TestServer.Merchant m;

    @BeforeAll
    static void start() throws Exception {
        sim = NetworkSimulator.start(SimConfig.testCards(0));
        s = new TestServer(dataDir, Optional.of(NetworkLinkSettings.defaults("127.0.0.1", sim.port())
                .withResponseTimeoutMillis(1_000).withReversalRetryIntervalMillis(100)));
        assertThat(s.server.usesInProcessNetwork()).isFalse();
        m = s.onboard("Network shop");
    }

    @AfterAll
    static void noCardNumberInTheLogsOrNetworkStateThenStop() throws Exception {
        // the network messages are kept in the database the servers share (no longer files of the data directory)
        StringBuilder text = new StringBuilder();
        int authorisations = 0;
        try (var c = s.server.database().dataSource().getConnection(); var st = c.createStatement()) {
            for (String q : java.util.List.of("SELECT message FROM network_authorisations", "SELECT message FROM network_messages",
                    "SELECT advice FROM network_reversals")) {
                try (var rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        text.append(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1));
                        if (q.contains("network_authorisations")) authorisations++;
                    }
                }
            }
        }
        try {
            s.close();
        } finally {
            sim.close();
        }
        java.util.List<String> pans = java.util.List.of(APPROVE, TIMEOUT, "4000000000000051", "4000000000000549",
                "4000000000000101", "4000000000000143", "4000000000000911", "4000000000000960");
        String log = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (log != null && java.nio.file.Files.exists(Path.of(log))) text.append(java.nio.file.Files.readString(Path.of(log)));
        assertThat(authorisations).as("authorisation messages recorded in the database").isPositive();
        assertThat(dataDir.resolve("network").resolve("traces.log")).doesNotExist();
        for (String pan : pans) assertThat(text.toString()).doesNotContain(pan);
    }

    static void enrol(long n, String pan) {
        enrolWith(s, m, n, pan);
    }

    /** Enrols shopper n with the card {@code pan} at {@code m}'s terminal of server {@code s}. */
    static void enrolWith(TestServer s, TestServer.Merchant m, long n, String pan) {
        String json = "{\"phone\":\"" + PaymentsFixture.phone(n).e164() + "\",\"card_number\":\"" + pan + "\",\"expiry\":\""
                + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\"" + png(SyntheticPalms.palm(n))
                + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
        TestServer.Response enrolled = s.enrol(m.kiosk(), json);
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
        assertThat(enrolled.text()).doesNotContain(pan);
    }

    static String png(org.openpalm.biometrics.PalmImage image) {
        return Base64.getEncoder().encodeToString(image.toPng());
    }

    /** Creates a payment and presents customer n's palm; returns the payment id and the palm response. */
    static Paid pay(long n, long minor) {
        return presentPalm(s, m, n, minor);
    }

    /** An authorised payment of shopper n at {@code m}; its id. */
    static String payWith(TestServer s, TestServer.Merchant m, long n, long minor) {
        Paid paid = presentPalm(s, m, n, minor);
        assertThat(paid.palm().json().get("result").asText()).as(paid.palm().text()).isEqualTo("AUTHORISED");
        return paid.id();
    }

    /** Creates a payment at {@code m} and presents shopper n's palm. */
    private static Paid presentPalm(TestServer s, TestServer.Merchant m, long n, long minor) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        TestServer.Response palm = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                "{\"palm_image\":\"" + png(SyntheticPalms.liveCapture(n, PortalClient.freshNoise())) + "\"}");
        return new Paid(id, palm);
    }

    record Paid(String id, TestServer.Response palm) {}

    static long balance(String pan) {
        return sim.availableMinor(new CardNumber(pan));
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void approvedPaymentHoldsThenCaptureRefundAndVoidMoveTheSimulatorBalance() {
        enrol(7001, APPROVE);
        long before = balance(APPROVE);

        Paid paid = pay(7001, 2_500);
        assertThat(paid.palm().status()).as(paid.palm().text()).isEqualTo(200);
        assertThat(paid.palm().json().get("result").asText()).isEqualTo("AUTHORISED");
        assertThat(paid.palm().json().get("payment").get("authorisation").get("auth_code").asText()).hasSize(6);
        assertThat(balance(APPROVE)).isEqualTo(before - 2_500);

        TestServer.Response captured = s.post("/v1/payments/" + paid.id() + "/capture", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":2000,\"currency\":\"EUR\"}}");
        assertThat(captured.status()).as(captured.text()).isEqualTo(200);
        assertThat(captured.json().get("status").asText()).isEqualTo("CAPTURED");
        assertThat(balance(APPROVE)).as("the uncaptured 5.00 is released").isEqualTo(before - 2_000);

        TestServer.Response refunded = s.post("/v1/payments/" + paid.id() + "/refunds", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":500,\"currency\":\"EUR\"}}");
        assertThat(refunded.status()).as(refunded.text()).isEqualTo(201);
        assertThat(balance(APPROVE)).isEqualTo(before - 1_500);

        Paid voided = pay(7001, 1_200);
        assertThat(voided.palm().json().get("result").asText()).as(voided.palm().text()).isEqualTo("AUTHORISED");
        assertThat(balance(APPROVE)).isEqualTo(before - 2_700);
        TestServer.Response v = s.post("/v1/payments/" + voided.id() + "/void", m.apiKey(), TestServer.key(), "");
        assertThat(v.status()).as(v.text()).isEqualTo(200);
        assertThat(v.json().get("status").asText()).isEqualTo("VOIDED");
        assertThat(balance(APPROVE)).as("the void's reversal released the hold").isEqualTo(before - 1_500);

        assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @CsvSource({
        "4000000000000051, 7002, 1500, 51, Insufficient funds",
        "4000000000000549, 7003, 1000, 54, Card expired",
        "4000000000000101, 7004, 1000, 05, Declined by the card issuer",
        "4000000000000143, 7005, 1000, 14, Card not recognised",
        "4000000000000911, 7006, 1000, 91, 'Card issuer unavailable, try again later'",
        "4000000000000960, 7007, 1000, 96, 'Card network error, try again later'",
    })
    void everyDeclineCodeIsADeclinedPaymentWithItsReason(String pan, long n, long minor, String code, String reason) {
        enrol(n, pan);
        long before = balance(pan);
        Paid paid = pay(n, minor);
        assertThat(paid.palm().status()).as(paid.palm().text()).isEqualTo(200);
        assertThat(paid.palm().json().get("result").asText()).isEqualTo("DECLINED");
        assertThat(paid.palm().json().get("shopper_message").asText()).isEqualTo(reason);
        TestServer.Response got = s.get("/v1/payments/" + paid.id(), m.apiKey());
        assertThat(got.json().get("status").asText()).isEqualTo("DECLINED");
        assertThat(got.json().get("decline").get("code").asText()).isEqualTo(code);
        assertThat(got.json().get("decline").get("reason").asText()).isEqualTo(reason);
        assertThat(balance(pan)).isEqualTo(before);
    }

    @Test
    void aTimeoutChargesNothingAndTheHoldIsReversed() throws Exception {
        enrol(7008, TIMEOUT);
        long before = balance(TIMEOUT);
        long reversalsBefore = sim.received("0400") + sim.received("0401");

        Paid paid = pay(7008, 1_000);
        assertThat(paid.palm().status()).as(paid.palm().text()).isEqualTo(503);
        assertThat(paid.palm().text()).contains("network-unavailable");
        TestServer.Response got = s.get("/v1/payments/" + paid.id(), m.apiKey());
        assertThat(got.json().get("status").asText()).isNotIn("AUTHORISED", "CAPTURED");
        assertThat(got.json().path("authorisation").isNull() || got.json().path("authorisation").isMissingNode()).isTrue();

        eventually("a reversal reached the network", () -> sim.received("0400") + sim.received("0401") > reversalsBefore);
        eventually("the issuer's hold is released", () -> balance(TIMEOUT) == before);
        assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
    }
}
