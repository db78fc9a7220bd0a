package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.server.network.NetworkLinkSettings;

/**
 * The phone page's API against a real server whose card network is the ISO 8583 simulator: the
 * pre-enrolment's card is verified with the issuer (zero-amount account verification) and its phone
 * with a one-time code before anything is written; the palms stay pending (the reader asks for the
 * digits, nothing pays without them) until the first palm payment with the digits confirms them;
 * the portal and the audit trail show each state.
 */
class PhoneEnrolmentApiTest {
    static final String APPROVE = "4000000000000002";

    @TempDir
    static Path dataDir;

    static NetworkSimulator sim;
    static TestServer s;
    static TestServer.Merchant m;

    @BeforeAll
    static void start() throws Exception {
        sim = NetworkSimulator.start(SimConfig.testCards(0));
        s = new TestServer(dataDir, Optional.of(NetworkLinkSettings.defaults("127.0.0.1", sim.port()).withResponseTimeoutMillis(2_000)));
        assertThat(s.server.usesInProcessNetwork()).isFalse();
        m = s.onboard("Phone page shop");
    }

    @AfterAll
    static void stop() {
        try {
            if (s != null) s.close();
        } finally {
            if (sim != null) sim.close();
        }
    }

    private static String png(org.openpalm.biometrics.PalmImage image) {
        return Base64.getEncoder().encodeToString(image.toPng());
    }

    private static String images(long palm, int first) {
        StringBuilder b = new StringBuilder("[");
        for (int k = first; k < first + 3; k++) b.append(k > first ? "," : "").append('"').append(png(SyntheticPalms.liveCapture(palm, k))).append('"');
        return b.append(']').toString();
    }

    /** A phone check started from the phone page; its id. */
    private static String phoneCheck(String phone) {
        TestServer.Response started = s.post("/enrol/v1/phone-checks", null, TestServer.key(), "{\"phone\":\"" + phone + "\"}");
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        return started.json().get("phone_check_id").asText();
    }

    private static TestServer.Response preEnrol(long n, String cvv2, Optional<String> code) {
        return preEnrol(n, APPROVE, cvv2, code);
    }

    /** Pre-enrols shopper n (palm n left, palm n + 500 right) with the simulator's test card {@code pan}. */
    private static TestServer.Response preEnrol(long n, String pan, String cvv2, Optional<String> code) {
        String phone = PaymentsFixture.phone(n).e164();
        String check = phoneCheck(phone);
        String json = "{\"phone\":\"" + phone + "\",\"phone_check_id\":\"" + check + "\",\"phone_code\":\"" + code.orElse(s.latestEnrolmentCode(phone))
                + "\",\"card_number\":\"" + pan + "\",\"expiry\":\"" + YearMonth.now().plusYears(2) + "\",\"cvv2\":\"" + cvv2
                + "\",\"biometric_consent\":true,\"consent_text_version\":\"bio-consent-phone-2026-12\",\"image_kind\":\"palm_roi\","
                + "\"left_palm_images\":" + images(n, 1) + ",\"right_palm_images\":" + images(n + 500, 1) + "}";
        return s.post("/enrol/v1/pre-enrolments", null, TestServer.key(), json);
    }

    private static String payment(long minor) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static TestServer.Response present(String payment, long palm, long capture, Optional<String> hint) {
        return s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment + "/palm", "{\"palm_image\":\"" + png(SyntheticPalms.liveCapture(palm, capture))
                + "\"" + hint.map(h -> ",\"hint\":\"" + h + "\"").orElse("") + "}");
    }

    private static String digits(long n) {
        String phone = PaymentsFixture.phone(n).e164();
        return phone.substring(phone.length() - 4);
    }

    private static List<String> auditActions(String customer) {
        TestServer.Response trail = s.get("/admin/v1/customers/" + customer + "/audit", TestServer.ADMIN_TOKEN);
        assertThat(trail.status()).as(trail.text()).isEqualTo(200);
        JsonNode entries = trail.json().has("entries") ? trail.json().get("entries") : trail.json();
        return StreamSupport.stream(entries.spliterator(), false).map(e -> e.get("action").asText()).toList();
    }

    @Test
    void aShopperPreEnrolsOnThePhoneAndTheFirstPalmPaymentWithTheDigitsConfirms() {
        TestServer.Response pre = preEnrol(8101, TestServer.cvv2Of(APPROVE), Optional.empty());
        assertThat(pre.status()).as(pre.text()).isEqualTo(201);
        assertThat(pre.json().get("status").asText()).isEqualTo("PENDING_CONFIRMATION");
        assertThat(Instant.parse(pre.json().get("expires_at").asText())).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        assertThat(pre.json().get("card").get("last4").asText()).isEqualTo("0002");
        assertThat(pre.text()).doesNotContain(APPROVE);
        String customer = pre.json().get("customer_id").asText();
        int activeBefore = s.server.enrolledPalms();

        // without the digits nothing pays: the reader asks for them
        String first = payment(2_000);
        TestServer.Response asked = present(first, 8101, 20, Optional.empty());
        assertThat(asked.json().get("result").asText()).as(asked.text()).isEqualTo("HINT_NEEDED");
        assertThat(s.server.enrolledPalms()).isEqualTo(activeBefore);
        // with them, the capture matches the pending palm 1:1: it pays, and the palms become active
        TestServer.Response paid = present(first, 8101, 21, Optional.of(digits(8101)));
        assertThat(paid.json().get("result").asText()).as(paid.text()).isEqualTo("AUTHORISED");
        assertThat(paid.json().get("payment").get("customer_id").asText()).isEqualTo(customer);
        assertThat(s.server.enrolledPalms()).isEqualTo(activeBefore + 2);
        var palms = s.server.storage().palms().ofCustomer(new org.openpalm.payments.ids.CustomerId(customer));
        assertThat(palms).extracting(p -> p.templates().size()).containsExactlyInAnyOrder(3, 4);

        // a later payment with the other hand needs no digits
        TestServer.Response later = present(payment(700), 8601, 22, Optional.empty());
        assertThat(later.json().get("result").asText()).as(later.text()).isEqualTo("AUTHORISED");
        assertThat(auditActions(customer)).containsSubsequence("ENROLMENT", "CONSENT_GRANTED", "PRE_ENROLMENT_CONFIRMED");
    }

    @Test
    void thePortalShowsThePendingPreEnrolment() throws Exception {
        // another test card: a card (its network token) belongs to one customer
        TestServer.Response pre = preEnrol(8102, "4000000000000051", TestServer.cvv2Of("4000000000000051"), Optional.empty());
        assertThat(pre.status()).as(pre.text()).isEqualTo(201);
        PortalClient portal = new PortalClient(s);
        String cookie = portal.signIn(PaymentsFixture.phone(8102).e164());
        TestServer.Response state = portal.get("/portal/v1/pre-enrolment", cookie);
        assertThat(state.status()).as(state.text()).isEqualTo(200);
        assertThat(state.json().get("status").asText()).isEqualTo("PENDING_CONFIRMATION");
        assertThat(state.json().get("failed_confirmations").asInt()).isZero();
        assertThat(state.json().get("max_failed_confirmations").asInt()).isEqualTo(3);
        assertThat(s.get("/portal/v1/pre-enrolment", null).status()).isEqualTo(401);
    }

    @Test
    void theIssuerAndThePhoneCodeAreCheckedBeforeAnythingIsWritten() {
        TestServer.Response wrongCvv = preEnrol(8103, "999".equals(TestServer.cvv2Of(APPROVE)) ? "998" : "999", Optional.empty());
        assertThat(wrongCvv.status()).as(wrongCvv.text()).isEqualTo(422);
        assertThat(wrongCvv.json().get("errors").get(0).get("field").asText()).isEqualTo("cvv2");
        TestServer.Response wrongCode = preEnrol(8104, TestServer.cvv2Of(APPROVE), Optional.of("000000"));
        assertThat(wrongCode.status()).as(wrongCode.text()).isEqualTo(422);
        assertThat(wrongCode.json().get("errors").get(0).get("field").asText()).isEqualTo("phone_code");
        assertThat(s.server.storage().customers().findByPhone(new PhoneNumber(PaymentsFixture.phone(8103).e164()))).isEmpty();
        assertThat(s.server.storage().customers().findByPhone(new PhoneNumber(PaymentsFixture.phone(8104).e164()))).isEmpty();
        // a bad request names its fields
        TestServer.Response bad = s.post("/enrol/v1/pre-enrolments", null, TestServer.key(), "{\"phone\":\"12\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("phone", "left_palm_images", "cvv2");
    }

    @Test
    void theHandLandmarkModelIsServedFromTheServerItself() {
        TestServer.Response wasm = s.get("/assets/mediapipe/hands_solution_simd_wasm_bin.wasm", null);
        assertThat(wasm.status()).isEqualTo(200);
        assertThat(wasm.contentType()).startsWith("application/wasm");
        assertThat(s.get("/assets/mediapipe/hands.js", null).contentType()).contains("javascript");
        assertThat(s.get("/assets/mediapipe/hand_landmark_full.tflite", null).status()).isEqualTo(200);
        assertThat(s.get("/assets/hand-landmarks.js", null).text()).contains("HandLandmarks", "/assets/mediapipe/");
        // the phone page loads the model from here and the CSP lets it compile its WASM, and nothing else
        assertThat(s.get("/enrol.html", null).text()).contains("/assets/mediapipe/hands.js", "/assets/hand-landmarks.js");
        assertThat(s.get("/enrol.html", null).raw().headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self' 'wasm-unsafe-eval'").doesNotContain("unsafe-inline");
    }

    @Test
    void landmarksThatAreNotTwentyOnePointsAreRefusedNamingTheField() {
        String image = png(SyntheticPalms.liveCapture(8105, 1));
        TestServer.Response r = s.post("/enrol/v1/captures/check", null, null,
                "{\"palm_image\":\"" + image + "\",\"image_kind\":\"full_hand\",\"landmarks\":[[1,2],[3,4]]}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains("landmarks");
        TestServer.Response roi = s.post("/enrol/v1/captures/check", null, null,
                "{\"palm_image\":\"" + image + "\",\"image_kind\":\"palm_roi\",\"landmarks\":" + twentyOne() + "}");
        assertThat(roi.status()).as(roi.text()).isEqualTo(400);
        assertThat(roi.text()).contains("landmarks");
    }

    private static String twentyOne() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 21; i++) b.append(i > 0 ? "," : "").append("[").append(10 + i).append(",").append(20 + i).append("]");
        return b.append("]").toString();
    }
}
