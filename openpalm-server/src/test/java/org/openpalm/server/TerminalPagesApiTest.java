package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** The terminal routes the browser reader and kiosk use: pending payment, capture check, quality prompts, two-hand enrolment. */
class TerminalPagesApiTest {
    @TempDir
    static Path dataDir;

    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** A signed terminal GET, as the reader page sends it (path and query signed, no content type). */
    static TestServer.Response terminalGet(TestServer.SigningTerminal t, String pathAndQuery) {
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        return s.send(HttpRequest.newBuilder(s.uri(pathAndQuery)).GET()
                .header("X-Terminal-Id", t.id()).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", t.sign("GET", pathAndQuery, "", ts, nonce, new byte[0])).build());
    }

    static String png(PalmImage image) {
        return Base64.getEncoder().encodeToString(image.toPng());
    }

    /** A flat grey frame: no hand in it. */
    static String emptyFrame() {
        return png(PalmImage.ofGrey(320, 240, new byte[320 * 240]));
    }

    static String paymentFor(TestServer.Merchant m, long minor) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    static void assertProblem(TestServer.Response r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) assertThat(r.json().get("errors").findValuesAsText("field")).contains(field);
    }

    @Test
    void theReaderFindsThePaymentTheTillCreatedOnItsTerminalOnly() {
        TestServer.Merchant m = s.onboard("Till Shop");
        TestServer.Merchant other = s.onboard("Other Shop");
        assertThat(terminalGet(m.terminal(), "/terminal/v1/payments/pending").status()).isEqualTo(204);

        String first = paymentFor(m, 1_250);
        String second = paymentFor(m, 990);
        TestServer.Response pending = terminalGet(m.terminal(), "/terminal/v1/payments/pending?wait_seconds=0");
        assertThat(pending.status()).as(pending.text()).isEqualTo(200);
        assertThat(pending.json().get("payment").get("id").asText()).isEqualTo(first); // oldest first
        assertThat(pending.json().get("payment").get("amount").get("minor").asLong()).isEqualTo(1_250);
        assertThat(terminalGet(other.terminal(), "/terminal/v1/payments/pending").status()).isEqualTo(204);

        // voided by the till: no longer offered, the next one is
        assertThat(s.post("/v1/payments/" + first + "/void", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
        assertThat(terminalGet(m.terminal(), "/terminal/v1/payments/pending").json().get("payment").get("id").asText()).isEqualTo(second);
    }

    @Test
    void aLongPollAnswersAsSoonAsTheTillCreatesThePayment() throws Exception {
        TestServer.Merchant m = s.onboard("Long Poll Shop");
        long start = System.nanoTime();
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> terminalGet(m.terminal(), "/terminal/v1/payments/pending?wait_seconds=10"));
        Thread.sleep(700);
        String id = paymentFor(m, 500);
        TestServer.Response r = waiting.get(15, java.util.concurrent.TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("payment").get("id").asText()).isEqualTo(id);
        assertThat(millis).isBetween(700L, 5_000L);

        long emptyStart = System.nanoTime();
        TestServer.Response none = terminalGet(s.onboard("Quiet Shop").terminal(), "/terminal/v1/payments/pending?wait_seconds=1");
        assertThat(none.status()).isEqualTo(204);
        assertThat((System.nanoTime() - emptyStart) / 1_000_000).isGreaterThanOrEqualTo(1_000L);
    }

    @Test
    void pendingRefusesUnsignedBadlySignedAndUnknownTerminalsAndBadWaits() {
        TestServer.Merchant m = s.onboard("Guarded Shop");
        assertProblem(s.get("/terminal/v1/payments/pending", null), 401, null);
        // signed by another key
        var impostor = new TestServer.SigningTerminal(m.terminal().id(), TestServer.ed25519());
        TestServer.Response badSignature = terminalGet(impostor, "/terminal/v1/payments/pending");
        var unknown = new TestServer.SigningTerminal("ter_00000000000000000000000000", TestServer.ed25519());
        TestServer.Response unknownTerminal = terminalGet(unknown, "/terminal/v1/payments/pending");
        // one answer for both: a caller cannot learn which terminal ids exist
        assertProblem(badSignature, 401, null);
        assertThat(unknownTerminal.status()).isEqualTo(badSignature.status());
        assertThat(unknownTerminal.text()).isEqualTo(badSignature.text());
        assertProblem(terminalGet(m.terminal(), "/terminal/v1/payments/pending?wait_seconds=99"), 400, "wait_seconds");
        assertProblem(terminalGet(m.terminal(), "/terminal/v1/payments/pending?wait_seconds=soon"), 400, "wait_seconds");
        assertProblem(terminalGet(m.terminal(), "/terminal/v1/payments/pending?terminal=x"), 400, "terminal");
    }

    @Test
    void captureCheckAcceptsAPalmAndPromptsForAnUnusableCaptureWritingNothing() {
        TestServer.Merchant m = s.onboard("Kiosk Shop");
        TestServer.Response good = s.terminalPost(m.terminal(), "/terminal/v1/captures/check", "{\"palm_image\":\"" + png(SyntheticPalms.palm(8101)) + "\"}");
        assertThat(good.status()).as(good.text()).isEqualTo(200);
        assertThat(good.json().get("accepted").asBoolean()).isTrue();

        TestServer.Response noHand = s.terminalPost(m.terminal(), "/terminal/v1/captures/check",
                "{\"palm_image\":\"" + emptyFrame() + "\",\"image_kind\":\"full_hand\"}");
        assertThat(noHand.status()).as(noHand.text()).isEqualTo(200);
        assertThat(noHand.json().get("accepted").asBoolean()).isFalse();
        assertThat(noHand.json().get("reason").asText()).isEqualTo("NO_HAND");
        assertThat(noHand.json().get("shopper_message").asText()).isEqualTo("Place your hand over the reader");

        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/captures/check", "{\"palm_image\":\"" + emptyFrame() + "\",\"image_kind\":\"selfie\"}"), 400, "image_kind");
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/captures/check", "{\"palm_image\":\"***\"}"), 422, "palm_image"); // no base64 characters: an empty image
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/captures/check", "{\"palm_image\":\"aGVsbG8=\"}"), 422, "palm_image");
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/captures/check", "{}"), 400, "palm_image");
        assertProblem(s.post("/terminal/v1/captures/check", null, null, "{\"palm_image\":\"" + emptyFrame() + "\"}"), 401, null);
    }

    @Test
    void theKioskRoutesTakeTheLandmarksThePageFoundAndRefuseMalformedOnesByName() {
        TestServer.Merchant m = s.onboard("Landmark Kiosk");
        String twentyOne = "[" + String.join(",", java.util.Collections.nCopies(21, "[10.0,10.0]")) + "]";
        // landmarks cut the palm from a whole-hand picture only
        assertProblem(s.terminalPost(m.kiosk(), "/terminal/v1/captures/check",
                "{\"palm_image\":\"" + png(SyntheticPalms.palm(8102)) + "\",\"image_kind\":\"palm_roi\",\"landmarks\":" + twentyOne + "}"), 400, "landmarks");
        assertProblem(s.terminalPost(m.kiosk(), "/terminal/v1/captures/check",
                "{\"palm_image\":\"" + emptyFrame() + "\",\"image_kind\":\"full_hand\",\"landmarks\":[[1,2]]}"), 400, "landmarks");
        // one entry per picture: two lists for one picture name the field, and nothing is enrolled
        String json = ServerApiTest.enrolmentJson(8103, ServerApiTest.phone(8103)).replace("\"palm_images\"", "\"left_palm_images\"")
                .replace("\"biometric_consent\"", "\"left_palm_landmarks\":[null,null],\"biometric_consent\"");
        assertProblem(s.enrol(m.kiosk(), json), 400, "left_palm_landmarks");
        // null where the page found none: the picture goes through the server's own pipeline
        TestServer.Response enrolled = s.enrol(m.kiosk(), json.replace("[null,null]", "[null]"));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
    }

    @Test
    void anUnusableWholeHandCaptureAtTheTillGivesTheShopperThePromptAndChangesNothing() {
        TestServer.Merchant m = s.onboard("Prompt Shop");
        String id = paymentFor(m, 700);
        TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                "{\"palm_image\":\"" + emptyFrame() + "\",\"image_kind\":\"full_hand\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("result").asText()).isEqualTo("RETAKE");
        assertThat(r.json().get("capture_problem").asText()).isEqualTo("NO_HAND");
        assertThat(r.json().get("shopper_message").asText()).isEqualTo("Place your hand over the reader");
        assertThat(s.get("/v1/payments/" + id, m.apiKey()).json().get("status").asText()).isEqualTo("CREATED");
        assertProblem(s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                "{\"palm_image\":\"" + emptyFrame() + "\",\"image_kind\":\"roi\"}"), 400, "image_kind");
    }

    @Test
    void bothHandsAreEnrolledAndEitherPays() {
        TestServer.Merchant m = s.onboard("Two Hands Shop");
        long left = 8201;
        long right = 8202;
        String body = "{\"phone\":\"" + PaymentsFixture.phone(8201).e164() + "\",\"card_number\":\"" + PaymentsFixture.card(8201).revealTo((x, e) -> null)
                + "\",\"expiry\":\"" + YearMonth.now().plusYears(2) + "\",\"biometric_consent\":true,\"consent_text_version\":\"bio-consent-2026-11\","
                + "\"left_palm_images\":[\"" + png(SyntheticPalms.palm(left)) + "\",\"" + png(SyntheticPalms.capture(left, 2, 1, 0)) + "\"],"
                + "\"right_palm_images\":[\"" + png(SyntheticPalms.palm(right)) + "\"]}";
        TestServer.Response enrolled = s.enrol(m.kiosk(), body);
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);

        for (long hand : new long[] {left, right}) {
            String id = paymentFor(m, 1_000);
            TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                    "{\"palm_image\":\"" + png(SyntheticPalms.capture(hand, 7, 0, 1)) + "\"}");
            assertThat(paid.json().get("result").asText()).as(paid.text()).isEqualTo("AUTHORISED");
            assertThat(paid.json().get("payment").get("customer_id").asText()).isEqualTo(enrolled.json().get("customer_id").asText());
        }
    }

    @Test
    void enrolmentRefusesMixedImageFieldsAndUnusableCapturesNamingTheField() {
        TestServer.Merchant m = s.onboard("Strict Kiosk");
        String common = "\"phone\":\"" + PaymentsFixture.phone(8301).e164() + "\",\"card_number\":\"" + PaymentsFixture.card(8301).revealTo((x, e) -> null)
                + "\",\"expiry\":\"" + YearMonth.now().plusYears(2) + "\",\"biometric_consent\":true,\"consent_text_version\":\"v1\",";
        String palm = png(SyntheticPalms.palm(8301));
        assertProblem(s.enrol(m.kiosk(), "{" + common
                + "\"palm_images\":[\"" + palm + "\"],\"left_palm_images\":[\"" + palm + "\"]}"), 400, "palm_images");
        assertProblem(s.enrol(m.kiosk(), "{" + common + "\"right_palm_images\":[]}"), 400, "right_palm_images");
        TestServer.Response unusable = s.enrol(m.kiosk(), "{" + common
                + "\"left_palm_images\":[\"" + emptyFrame() + "\"],\"image_kind\":\"full_hand\"}");
        assertProblem(unusable, 422, "left_palm_images[0]");
        assertThat(unusable.json().get("errors").get(0).get("reason").asText()).isEqualTo("Place your hand over the reader");
        // nothing was enrolled: the same phone enrols afterwards
        assertThat(s.enrol(m.kiosk(), "{" + common + "\"left_palm_images\":[\"" + palm + "\"]}").status()).isEqualTo(201);
    }
}
