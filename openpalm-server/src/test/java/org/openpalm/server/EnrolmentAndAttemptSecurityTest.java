package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.payments.attempt.PresentationConfig;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.JdbcPrivacyStorage;
import org.openpalm.store.TestDatabase;

/**
 * The enrolment and palm-presentation controls of issue 19, on real servers (port 0): terminal
 * roles, the card proved with the issuer (CVV2) and the phone with a one-time code before an
 * enrolment exists, replayed captures refused on any server sharing the database, and the
 * presentation caps per payment and per terminal and minute; every refusal audited.
 */
class EnrolmentAndAttemptSecurityTest {
    @TempDir
    Path dataDir;

    private static String enrolmentJson(long n, String phone, String capturePng) {
        return "{\"phone\":\"" + phone + "\",\"card_number\":\"" + ServerApiTest.pan(n) + "\",\"expiry\":\"" + YearMonth.now().plusYears(2)
                + "\",\"palm_images\":[\"" + capturePng + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
    }

    private static List<AuditEntry> audit(TestServer s, String subject) {
        return JdbcPrivacyStorage.over(s.server.storage()).audit().about(subject);
    }

    private static boolean audited(TestServer s, String subject, AuditAction action, String detail) {
        return audit(s, subject).stream().anyMatch(e -> e.action().equals(action.name()) && e.details().contains(detail));
    }

    private static String palmJson(String png) {
        return "{\"palm_image\":\"" + png + "\"}";
    }

    private static String paymentOf(TestServer s, TestServer.Merchant m, TestServer.SigningTerminal at) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":1500,\"currency\":\"EUR\"},\"terminal_id\":\"" + at.id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @Test
    void aReaderCannotEnrolNorAskForAPhoneCode() {
        try (TestServer s = new TestServer(dataDir)) {
            TestServer.Merchant m = s.onboard("Roles");
            long n = 7101;
            TestServer.Response code = s.startPhoneCheck(m.terminal(), ServerApiTest.phone(n));
            assertThat(code.status()).as(code.text()).isEqualTo(403);
            assertThat(code.contentType()).startsWith("application/problem+json");
            assertThat(code.json().get("type").asText()).endsWith("/terminal-role");

            TestServer.Response refused = s.enrol(m.terminal(), ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n)));
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            assertThat(refused.json().get("detail").asText()).contains("reader");
            assertThat(s.server.storage().customers().findByPhone(new PhoneNumber(ServerApiTest.phone(n)))).isEmpty();
            assertThat(audited(s, "terminal:" + m.terminal().id(), AuditAction.ENROLMENT_REFUSED, "may not enrol")).isTrue();

            // a gate is no kiosk either; the kiosk enrols the same customer
            TestServer.SigningTerminal gate = s.addTerminal(m.apiKey(), m.storeId(), "gate");
            assertThat(s.enrol(gate, ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n))).status()).isEqualTo(403);
            TestServer.Response enrolled = s.enrol(m.kiosk(), ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n)));
            assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
        }
    }

    @Test
    void aWrongCvv2RefusesTheEnrolmentAndWritesNothing() {
        try (TestServer s = new TestServer(dataDir)) {
            TestServer.Merchant m = s.onboard("Cards");
            long n = 7201;
            String phone = ServerApiTest.phone(n);
            String card = ServerApiTest.pan(n);
            String wrong = TestServer.cvv2Of(card).equals("999") ? "998" : "999";
            TestServer.Response check = s.startPhoneCheck(m.kiosk(), phone);
            assertThat(check.status()).as(check.text()).isEqualTo(201);
            String checkId = check.json().get("phone_check_id").asText();
            String code = s.latestEnrolmentCode(phone);
            String png = ServerApiTest.png(SyntheticPalms.palm(n));
            String json = enrolmentJson(n, phone, png);
            String withProof = json.substring(0, json.length() - 1) + ",\"phone_check_id\":\"" + checkId + "\",\"phone_code\":\"" + code + "\"";

            TestServer.Response refused = s.terminalPost(m.kiosk(), "/terminal/v1/enrolments", withProof + ",\"cvv2\":\"" + wrong + "\"}");
            assertThat(refused.status()).as(refused.text()).isEqualTo(422);
            assertThat(refused.json().get("type").asText()).endsWith("/card-not-verified");
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("cvv2");
            assertThat(refused.text()).doesNotContain(wrong).doesNotContain(card);
            // nothing written: no customer, card, palm or consent; the phone code and the captures stay usable
            assertThat(s.server.storage().customers().findByPhone(new PhoneNumber(phone))).isEmpty();
            assertThat(s.server.enrolledPalms()).isZero();
            assertThat(audited(s, "terminal:" + m.kiosk().id(), AuditAction.ENROLMENT_REFUSED, "security code does not match")).isTrue();

            TestServer.Response enrolled = s.terminalPost(m.kiosk(), "/terminal/v1/enrolments",
                    withProof + ",\"cvv2\":\"" + TestServer.cvv2Of(card) + "\"}");
            assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
            assertThat(s.server.enrolledPalms()).isEqualTo(1);

            // the code was used up by that enrolment
            TestServer.Response again = s.terminalPost(m.kiosk(), "/terminal/v1/enrolments",
                    enrolmentJson(n + 1, ServerApiTest.phone(n + 1), ServerApiTest.png(SyntheticPalms.palm(n + 1))).replace("}",
                            ",\"phone_check_id\":\"" + checkId + "\",\"phone_code\":\"" + code + "\",\"cvv2\":\"" + TestServer.cvv2Of(ServerApiTest.pan(n + 1)) + "\"}"));
            assertThat(again.status()).as(again.text()).isEqualTo(422);
            assertThat(again.json().get("errors").get(0).get("field").asText()).isEqualTo("phone_code");
        }
    }

    @Test
    void aWrongOrExpiredPhoneCodeRefusesTheEnrolment() throws Exception {
        DatabaseConfig database = DatabaseConfig.inMemory("sec" + UUID.randomUUID().toString().replace("-", ""));
        try (TestServer s = new TestServer(dataDir, database)) {
            TestServer.Merchant m = s.onboard("Phones");
            long n = 7301;
            String phone = ServerApiTest.phone(n);
            String code = null;
            TestServer.Response check = s.startPhoneCheck(m.kiosk(), phone);
            String checkId = check.json().get("phone_check_id").asText();
            code = s.latestEnrolmentCode(phone);
            String wrongCode = code.equals("123456") ? "654321" : "123456";
            String json = enrolmentJson(n, phone, ServerApiTest.png(SyntheticPalms.palm(n)));
            String cvv2 = TestServer.cvv2Of(ServerApiTest.pan(n));

            TestServer.Response wrong = s.terminalPost(m.kiosk(), "/terminal/v1/enrolments", json.replace("}",
                    ",\"phone_check_id\":\"" + checkId + "\",\"phone_code\":\"" + wrongCode + "\",\"cvv2\":\"" + cvv2 + "\"}"));
            assertThat(wrong.status()).as(wrong.text()).isEqualTo(422);
            assertThat(wrong.json().get("type").asText()).endsWith("/phone-not-verified");
            assertThat(wrong.json().get("errors").get(0).get("reason").asText()).contains("4 attempt(s) left");
            assertThat(audited(s, "terminal:" + m.kiosk().id(), AuditAction.ENROLMENT_REFUSED, "WRONG_CODE")).isTrue();

            // the right code after it expired: refused too
            try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                 var ps = c.prepareStatement("UPDATE enrolment_phone_checks SET expires_at = ? WHERE id = ?")) {
                ps.setObject(1, Instant.now().minusSeconds(1).atOffset(ZoneOffset.UTC));
                ps.setString(2, checkId);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            TestServer.Response expired = s.terminalPost(m.kiosk(), "/terminal/v1/enrolments", json.replace("}",
                    ",\"phone_check_id\":\"" + checkId + "\",\"phone_code\":\"" + code + "\",\"cvv2\":\"" + cvv2 + "\"}"));
            assertThat(expired.status()).as(expired.text()).isEqualTo(422);
            assertThat(expired.json().get("errors").get(0).get("reason").asText()).contains("expired");
            assertThat(audited(s, "terminal:" + m.kiosk().id(), AuditAction.ENROLMENT_REFUSED, "EXPIRED")).isTrue();
            assertThat(s.server.storage().customers().findByPhone(new PhoneNumber(phone))).isEmpty();
            assertThat(s.server.enrolledPalms()).isZero();

            // a code sent to another phone does not prove this one
            String other = ServerApiTest.phone(n + 1);
            String otherCheck = s.startPhoneCheck(m.kiosk(), other).json().get("phone_check_id").asText();
            TestServer.Response swapped = s.terminalPost(m.kiosk(), "/terminal/v1/enrolments", json.replace("}",
                    ",\"phone_check_id\":\"" + otherCheck + "\",\"phone_code\":\"" + s.latestEnrolmentCode(other) + "\",\"cvv2\":\"" + cvv2 + "\"}"));
            assertThat(swapped.status()).as(swapped.text()).isEqualTo(422);
            assertThat(s.server.storage().customers().findByPhone(new PhoneNumber(phone))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2-file", "postgresql"})
    void aReplayedCaptureIsRefusedOnASecondServerSharingTheDatabase(String kind) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig database = kind.equals("postgresql") ? TestDatabase.postgres(schema, 4) : DatabaseConfig.embedded(dataDir.resolve("db"));
        try (TestServer first = new TestServer(dataDir, database); TestServer second = new TestServer(dataDir, database)) {
            TestServer.Merchant m = first.onboard("Replays");
            long n = 7401;
            assertThat(first.enrol(m.kiosk(), ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n))).status()).isEqualTo(201);
            String capture = ServerApiTest.png(SyntheticPalms.capture(n, 5, 1, 0));

            String paid = paymentOf(first, m, m.terminal());
            TestServer.Response ok = first.terminalPost(m.terminal(), "/terminal/v1/payments/" + paid + "/palm", palmJson(capture));
            assertThat(ok.status()).as(ok.text()).isEqualTo(200);
            assertThat(ok.json().get("result").asText()).isEqualTo("AUTHORISED");

            // the same frame for another payment, at the second server: refused, audited, nothing paid
            String replayed = paymentOf(second, m, m.terminal());
            TestServer.Response refused = second.terminalPost(m.terminal(), "/terminal/v1/payments/" + replayed + "/palm", palmJson(capture));
            assertThat(refused.status()).as(refused.text()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asText()).endsWith("/replayed_capture");
            assertThat(refused.json().get("errors").get(0).get("reason").asText()).isEqualTo("replayed_capture");
            assertThat(audited(second, replayed, AuditAction.PRESENTATION_REFUSED, "replayed_capture")).isTrue();
            assertThat(second.get("/v1/payments/" + replayed, m.apiKey()).json().get("status").asText()).isEqualTo("CREATED");

            // an enrolment picture presented at a reader is a replay too
            String enrolmentPicture = ServerApiTest.png(SyntheticPalms.palm(n));
            TestServer.Response fromEnrolment = second.terminalPost(m.terminal(), "/terminal/v1/payments/" + replayed + "/palm", palmJson(enrolmentPicture));
            assertThat(fromEnrolment.status()).as(fromEnrolment.text()).isEqualTo(409);

            // a fresh capture of the same palm pays (at the first server: each server loads its index at start-up)
            TestServer.Response fresh = first.terminalPost(m.terminal(), "/terminal/v1/payments/" + replayed + "/palm",
                    palmJson(ServerApiTest.png(SyntheticPalms.capture(n, 6, 0, 1))));
            assertThat(fresh.json().get("result").asText()).as(fresh.text()).isEqualTo("AUTHORISED");
        } finally {
            if (kind.equals("postgresql")) TestDatabase.dropSchema(schema);
        }
    }

    @Test
    void theSixthPresentationOnOnePaymentIsRefused() {
        try (TestServer s = new TestServer(dataDir)) {
            TestServer.Merchant m = s.onboard("Attempts");
            long n = 7501;
            assertThat(s.enrol(m.kiosk(), ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n))).status()).isEqualTo(201);
            String payment = paymentOf(s, m, m.terminal());
            String path = "/terminal/v1/payments/" + payment + "/palm";
            for (int i = 0; i < PresentationConfig.DEFAULT.maxPerPayment(); i++) {
                // strangers' palms: not recognised, the payment keeps waiting for a palm
                TestServer.Response r = s.terminalPost(m.terminal(), path, palmJson(ServerApiTest.png(SyntheticPalms.palm(90_000 + i))));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().get("result").asText()).isEqualTo("NOT_RECOGNISED");
            }
            TestServer.Response sixth = s.terminalPost(m.terminal(), path, palmJson(ServerApiTest.png(SyntheticPalms.capture(n, 5, 1, 0))));
            assertThat(sixth.status()).as(sixth.text()).isEqualTo(429);
            assertThat(sixth.json().get("type").asText()).endsWith("/too_many_attempts");
            assertThat(sixth.json().get("detail").asText()).contains("5 palm presentations");
            assertThat(s.get("/v1/payments/" + payment, m.apiKey()).json().get("status").asText()).isEqualTo("AWAITING_PALM");
            assertThat(audited(s, payment, AuditAction.PRESENTATION_REFUSED, "5 per payment")).isTrue();

            // the shopper's next payment starts afresh
            String next = paymentOf(s, m, m.terminal());
            TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + next + "/palm",
                    palmJson(ServerApiTest.png(SyntheticPalms.capture(n, 5, 1, 0))));
            assertThat(paid.json().get("result").asText()).as(paid.text()).isEqualTo("AUTHORISED");
        }
    }

    @Test
    void aTerminalIsCappedPerMinute() throws Exception {
        DatabaseConfig database = DatabaseConfig.inMemory("sec" + UUID.randomUUID().toString().replace("-", ""));
        try (TestServer s = new TestServer(dataDir, database, Optional.empty(), new PresentationConfig(5, 3, 720, 256))) {
            TestServer.Merchant m = s.onboard("Minute");
            // the cap counts per calendar minute: start early in one, so the test stays inside it
            int second = Instant.now().atOffset(ZoneOffset.UTC).getSecond();
            if (second > 45) Thread.sleep((61 - second) * 1000L);
            for (int i = 0; i < 3; i++) {
                String payment = paymentOf(s, m, m.terminal());
                TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment + "/palm",
                        palmJson(ServerApiTest.png(SyntheticPalms.palm(91_000 + i))));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
            }
            String payment = paymentOf(s, m, m.terminal());
            TestServer.Response fourth = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment + "/palm",
                    palmJson(ServerApiTest.png(SyntheticPalms.palm(91_010))));
            assertThat(fourth.status()).as(fourth.text()).isEqualTo(429);
            assertThat(fourth.json().get("type").asText()).endsWith("/too_many_attempts");
            long retryAfter = Long.parseLong(fourth.raw().headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(audited(s, payment, AuditAction.PRESENTATION_REFUSED, "per terminal per minute")).isTrue();

            // the kiosk, another terminal, has its own count
            String atKiosk = paymentOf(s, m, m.kiosk());
            TestServer.Response kiosk = s.terminalPost(m.kiosk(), "/terminal/v1/payments/" + atKiosk + "/palm",
                    palmJson(ServerApiTest.png(SyntheticPalms.palm(91_011))));
            assertThat(kiosk.status()).as(kiosk.text()).isEqualTo(200);
        }
    }
}
