package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customer portal and the privacy admin API against a real server. */
class PortalApiTest {
    @TempDir
    static Path dataDir;

    static TestServer s;
    static PortalClient portal;
    static TestServer.Merchant shop;

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
        portal = new PortalClient(s);
        shop = s.onboard("Portal Shop");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aCustomerSignsInSeesTheirDataChangesConsentsExportsAndErasesTheirPalm() {
        String customer = portal.enrol(shop, 3101, false);
        assertThat(portal.pay(shop, 3101, 1_500)).isEqualTo("AUTHORISED");
        String phone = PortalClient.phone(3101);

        // asking for a code: key and phone required; enrolled or not, the answer is the same
        assertThat(s.post("/portal/v1/sign-in/code", null, null, "{\"phone\":\"" + phone + "\"}").status()).isEqualTo(400);
        TestServer.Response badPhone = portal.requestCode("12345");
        assertThat(badPhone.status()).isEqualTo(400);
        assertThat(PortalClient.fields(badPhone)).containsExactly("phone");
        TestServer.Response unknown = portal.requestCode(PortalClient.phone(3199));
        assertThat(unknown.status()).isEqualTo(202);
        TestServer.Response sent = portal.requestCode(phone);
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.json().get("expires_in_seconds").asInt()).isEqualTo(300);
        assertThat(sent.text()).isEqualTo(unknown.text());
        TestServer.Response again = portal.requestCode(phone);
        assertThat(again.status()).isEqualTo(429);

        String code = PortalClient.codeFromLog(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";
        TestServer.Response wrongCode = portal.verify(phone, wrong);
        assertThat(wrongCode.status()).isEqualTo(401);
        assertThat(PortalClient.fields(wrongCode)).containsExactly("code");
        assertThat(wrongCode.json().get("detail").asText()).contains("4 attempt(s) left");
        assertThat(PortalClient.fields(portal.verify(phone, "12ab"))).containsExactly("code");
        TestServer.Response signedIn = portal.verify(phone, code);
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(200);
        assertThat(signedIn.json().get("customer_id").asText()).isEqualTo(customer);
        String setCookie = signedIn.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("openpalm_portal=").contains("HttpOnly").contains("SameSite=Strict").contains("Max-Age=1800");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(portal.verify(phone, code).json().get("type").asText()).endsWith("/no-code");

        // no session, or a made-up one
        assertThat(portal.get("/portal/v1/me", null).status()).isEqualTo(401);
        assertThat(portal.get("/portal/v1/me", "openpalm_portal=forged").status()).isEqualTo(401);
        assertThat(portal.post("/portal/v1/erasure", null, TestServer.key(), "{\"confirm\":true}").status()).isEqualTo(401);

        TestServer.Response me = portal.get("/portal/v1/me", cookie);
        assertThat(me.json().get("phone").asText()).isEqualTo(phone);
        assertThat(me.json().get("palm_enrolments").asInt()).isEqualTo(1);
        TestServer.Response payments = portal.get("/portal/v1/payments", cookie);
        assertThat(payments.json().get("payments")).hasSize(1);
        assertThat(payments.json().get("payments").get(0).get("amount").get("minor").asLong()).isEqualTo(1_500);
        TestServer.Response cards = portal.get("/portal/v1/cards", cookie);
        assertThat(cards.json().get("cards").get(0).get("last4").asText()).isEqualTo(PortalClient.cardNumber(3101).substring(12));
        assertThat(cards.text()).doesNotContain(PortalClient.cardNumber(3101)).doesNotContain("token");
        TestServer.Response consents = portal.get("/portal/v1/consents", cookie);
        assertThat(consents.json().get("consents")).hasSize(1);
        assertThat(consents.json().get("consents").get(0).get("kind").asText()).isEqualTo("BIOMETRIC_PROCESSING");
        assertThat(consents.json().get("consents").get(0).get("channel").asText()).isEqualTo("KIOSK");

        // shopping insights: off by default, granted, replayed, refused twice, withdrawn
        String grantKey = TestServer.key();
        assertThat(portal.post("/portal/v1/consents/shopping-insights", cookie, null, "{\"text_version\":\"v2\"}").status()).isEqualTo(400);
        assertThat(PortalClient.fields(portal.post("/portal/v1/consents/shopping-insights", cookie, TestServer.key(), "{}"))).containsExactly("text_version");
        TestServer.Response granted = portal.post("/portal/v1/consents/shopping-insights", cookie, grantKey, "{\"text_version\":\"v2\"}");
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertThat(granted.json().get("consent").get("active").asBoolean()).isTrue();
        assertThat(granted.json().get("consent").get("channel").asText()).isEqualTo("PORTAL");
        TestServer.Response replay = portal.post("/portal/v1/consents/shopping-insights", cookie, grantKey, "{\"text_version\":\"v2\"}");
        assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        TestServer.Response twice = portal.post("/portal/v1/consents/shopping-insights", cookie, TestServer.key(), "{\"text_version\":\"v2\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("type").asText()).endsWith("/consent-already-granted");
        assertThat(portal.post("/portal/v1/consents/shopping-insights/withdraw", cookie, TestServer.key(), "{}").status()).isEqualTo(200);
        TestServer.Response withdrawnTwice = portal.post("/portal/v1/consents/shopping-insights/withdraw", cookie, TestServer.key(), "{}");
        assertThat(withdrawnTwice.status()).isEqualTo(409);
        assertThat(withdrawnTwice.json().get("type").asText()).endsWith("/consent-already-withdrawn");
        assertThat(PortalClient.fields(portal.post("/portal/v1/consents/marketing/withdraw", cookie, TestServer.key(), "{}"))).containsExactly("kind");

        // download my data
        TestServer.Response export = portal.get("/portal/v1/export", cookie);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        assertThat(export.json().get("profile").get("customer_id").asText()).isEqualTo(customer);
        assertThat(export.json().get("payments")).hasSize(1);
        java.util.List<String> cardFields = new java.util.ArrayList<>();
        export.json().get("cards").get(0).fieldNames().forEachRemaining(cardFields::add);
        assertThat(cardFields).containsExactly("id", "last4", "brand", "added_at", "is_default");
        assertThat(export.json().get("consents")).hasSize(2);
        assertThat(export.json().get("audit").findValuesAsText("action")).contains("ENROLMENT", "PORTAL_SIGN_IN", "CONSENT_GRANTED",
                "CONSENT_WITHDRAWN", "DATA_EXPORTED");
        String template = java.util.Base64.getEncoder().encodeToString(
                org.openpalm.biometrics.PalmTemplate.fromRoi(org.openpalm.payments.testing.SyntheticPalms.palm(3101)).toBytes());
        assertThat(export.text()).doesNotContain(PortalClient.cardNumber(3101)).doesNotContain("\"template").doesNotContain(template)
                .doesNotContain("network_token");

        // delete my palm data: confirmation required, then palm payment stops
        TestServer.Response unconfirmed = portal.post("/portal/v1/erasure", cookie, TestServer.key(), "{}");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(PortalClient.fields(unconfirmed)).containsExactly("confirm");
        TestServer.Response erased = portal.post("/portal/v1/erasure", cookie, TestServer.key(), "{\"confirm\":true}");
        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat(erased.json().get("palm_enrolments_erased").asInt()).isEqualTo(1);
        assertThat(portal.post("/portal/v1/erasure", cookie, TestServer.key(), "{\"confirm\":true}").status()).isEqualTo(409);
        assertThat(portal.pay(shop, 3101, 700)).isEqualTo("NOT_RECOGNISED");
        assertThat(portal.get("/portal/v1/me", cookie).json().get("palm_enrolments").asInt()).isZero();
        assertThat(portal.get("/portal/v1/payments", cookie).json().get("payments")).hasSize(1);

        // sign out ends the session
        TestServer.Response out = portal.post("/portal/v1/sign-out", cookie, TestServer.key(), "");
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(portal.get("/portal/v1/me", cookie).status()).isEqualTo(401);
    }

    @Test
    void withdrawingBiometricConsentErasesThePalm() {
        portal.enrol(shop, 3201, true);
        String cookie = portal.signIn(PortalClient.phone(3201));
        TestServer.Response withdrawn = portal.post("/portal/v1/consents/biometric-processing/withdraw", cookie, TestServer.key(), "{}");
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
        assertThat(withdrawn.json().get("palm_enrolments_erased").asInt()).isEqualTo(1);
        TestServer.Response again = portal.post("/portal/v1/consents/biometric-processing/withdraw", cookie, TestServer.key(), "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(portal.pay(shop, 3201, 300)).isEqualTo("NOT_RECOGNISED");
        TestServer.Response consents = portal.get("/portal/v1/consents", cookie);
        assertThat(consents.json().get("consents").findValuesAsText("kind")).containsExactly("BIOMETRIC_PROCESSING", "SHOPPING_INSIGHTS");
        assertThat(consents.json().get("consents").get(0).get("active").asBoolean()).isFalse();
        assertThat(consents.json().get("consents").get(1).get("active").asBoolean()).isTrue();
    }

    @Test
    void codesAreHashedExpireAndBurnAfterFiveWrongTries() throws Exception {
        portal.enrol(shop, 3301, false);
        String phone = PortalClient.phone(3301);
        assertThat(portal.requestCode(phone).status()).isEqualTo(202);
        String code = PortalClient.codeFromLog(phone);
        try (Connection c = s.server.database().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT * FROM portal_codes")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) assertThat(String.valueOf(rs.getObject(i))).doesNotContain(code);
            }
        }
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) assertThat(portal.verify(phone, wrong).status()).isEqualTo(401);
        TestServer.Response burnt = portal.verify(phone, wrong);
        assertThat(burnt.status()).isEqualTo(429);
        assertThat(burnt.json().get("type").asText()).endsWith("/too-many-attempts");
        assertThat(portal.verify(phone, code).json().get("type").asText()).endsWith("/no-code");

        // a code past its five minutes is refused (its expiry moved back in the database)
        try (Connection c = s.server.database().dataSource().getConnection();
             // codes are kept by the phone's keyed hash, not the number: the newest code is this one
             var ps = c.prepareStatement("UPDATE portal_codes SET issued_at = ?, expires_at = ? WHERE issued_at = (SELECT MAX(issued_at) FROM portal_codes)")) {
            // the burnt code is gone; a new one may be asked for once the phone's backoff (30 s) has passed: moved back here
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE portal_attempts SET last_attempt_at = last_attempt_at - INTERVAL '1' HOUR");
            }
            assertThat(portal.requestCode(phone).status()).isEqualTo(202);
            ps.setObject(1, OffsetDateTime.ofInstant(Instant.now().minusSeconds(600), ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(Instant.now().minusSeconds(300), ZoneOffset.UTC));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        TestServer.Response expired = portal.verify(phone, PortalClient.codeFromLog(phone));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("type").asText()).endsWith("/code-expired");
    }

    @Test
    void adminReadsAuditVerifiesErasesExportsAndRunsRetention() {
        String customer = portal.enrol(shop, 3401, true);
        assertThat(s.get("/admin/v1/audit", null).status()).isEqualTo(401);
        assertThat(s.get("/admin/v1/audit", "wrong").status()).isEqualTo(401);
        TestServer.Response page = s.get("/admin/v1/audit?after_seq=0&limit=1000", TestServer.ADMIN_TOKEN);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("entries").findValuesAsText("subject")).contains(customer);
        assertThat(PortalClient.fields(s.get("/admin/v1/audit?limit=0", TestServer.ADMIN_TOKEN))).containsExactly("limit");
        assertThat(PortalClient.fields(s.get("/admin/v1/audit?after_seq=x", TestServer.ADMIN_TOKEN))).containsExactly("after_seq");
        TestServer.Response verify = s.get("/admin/v1/audit/verify", TestServer.ADMIN_TOKEN);
        assertThat(verify.json().get("intact").asBoolean()).as(verify.text()).isTrue();

        TestServer.Response trail = s.get("/admin/v1/customers/" + customer + "/audit", TestServer.ADMIN_TOKEN);
        assertThat(trail.json().get("entries").findValuesAsText("action")).containsSubsequence("ENROLMENT", "CONSENT_GRANTED", "CONSENT_GRANTED", "ADMIN_ACCESS");
        assertThat(s.get("/admin/v1/customers/cus_00000000000000000000000000/audit", TestServer.ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(s.get("/admin/v1/customers/nonsense/export", TestServer.ADMIN_TOKEN).status()).isEqualTo(404);
        TestServer.Response export = s.get("/admin/v1/customers/" + customer + "/export", TestServer.ADMIN_TOKEN);
        assertThat(export.json().get("audit").findValuesAsText("actor")).contains("kiosk", "admin");

        assertThat(s.post("/admin/v1/customers/" + customer + "/consents/shopping-insights/withdraw", TestServer.ADMIN_TOKEN, TestServer.key(), "")
                .json().get("consent").get("channel").asText()).isEqualTo("API");
        assertThat(s.post("/admin/v1/customers/" + customer + "/erasure", TestServer.ADMIN_TOKEN, null, "").status()).isEqualTo(400);
        assertThat(s.post("/admin/v1/customers/" + customer + "/erasure", TestServer.ADMIN_TOKEN, TestServer.key(), "").json()
                .get("palm_enrolments_erased").asInt()).isEqualTo(1);
        TestServer.Response retention = s.post("/admin/v1/retention/run", TestServer.ADMIN_TOKEN, TestServer.key(), "");
        assertThat(retention.status()).isEqualTo(200);
        assertThat(retention.json().get("customers_erased").asInt()).isZero(); // everyone here enrolled moments ago
        assertThat(retention.json().get("palm_data_retention_days").asInt()).isEqualTo(730);
        assertThat(s.get("/admin/v1/audit/verify", TestServer.ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void thePortalPageIsServed() {
        TestServer.Response page = s.get("/portal.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<label for=\"phone\"").contains("portal.js");
        assertThat(s.get("/portal.js", null).text()).contains("Idempotency-Key");
    }
}
