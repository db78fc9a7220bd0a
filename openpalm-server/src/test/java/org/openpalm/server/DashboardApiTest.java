package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** The merchant dashboard's routes: payment listing, reports, terminals and API keys. */
class DashboardApiTest {
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

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    static String create(TestServer.Merchant m, String terminal, long minor) {
        TestServer.Response r = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + terminal + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static void enrol(TestServer.Merchant m, long n) {
        String body = "{\"phone\":\"" + PaymentsFixture.phone(n).e164() + "\",\"card_number\":\"" + PaymentsFixture.card(n).revealTo((x, e) -> null)
                + "\",\"expiry\":\"" + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\"" + png(n) + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
        TestServer.Response r = s.enrol(m.kiosk(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    static String png(long n) {
        return Base64.getEncoder().encodeToString(SyntheticPalms.palm(n).toPng());
    }

    static String pay(TestServer.Merchant m, long palm, long minor) {
        String id = create(m, m.terminal().id(), minor);
        TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(SyntheticPalms.capture(palm, PortalClient.freshNoise(), 1, 0).toPng()) + "\"}");
        assertThat(r.json().get("result").asText()).as(r.text()).isEqualTo("AUTHORISED");
        return id;
    }

    static void assertProblem(TestServer.Response r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) assertThat(r.json().get("errors").findValuesAsText("field")).contains(field);
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("payments").forEach(p -> out.add(p.get("id").asText()));
        return out;
    }

    /** A second terminal of the merchant's store. */
    static String secondTerminal(TestServer.Merchant m) {
        TestServer.Response t = s.post("/v1/terminals", m.apiKey(), TestServer.key(), "{\"store_id\":\"" + m.storeId() + "\",\"public_key\":\""
                + Base64.getEncoder().encodeToString(TestServer.ed25519().getPublic().getEncoded()) + "\"}");
        return t.json().get("terminal_id").asText();
    }

    @Test
    void paymentsAreListedNewestFirstFilteredAndPagedWithoutGapsOrRepeats() {
        TestServer.Merchant m = s.onboard("Listing Shop");
        String t2 = secondTerminal(m);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) created.add(create(m, m.terminal().id(), 100 + i));
        String onT2 = create(m, t2, 999);
        s.onboard("Neighbour"); // another merchant's payments never show
        assertThat(s.post("/v1/payments/" + created.get(1) + "/void", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);

        JsonNode all = s.get("/v1/payments", m.apiKey()).json();
        assertThat(ids(all)).containsExactly(onT2, created.get(4), created.get(3), created.get(2), created.get(1), created.get(0));
        assertThat(all.has("next_after")).isFalse();

        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            TestServer.Response page = s.get("/v1/payments?limit=2" + (after == null ? "" : "&after=" + after), m.apiKey());
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            paged.addAll(ids(page.json()));
            after = page.json().has("next_after") ? page.json().get("next_after").asText() : null;
            pages++;
        } while (after != null);
        assertThat(paged).isEqualTo(ids(all));
        assertThat(pages).isEqualTo(3);

        assertThat(ids(s.get("/v1/payments?status=voided", m.apiKey()).json())).containsExactly(created.get(1));
        assertThat(ids(s.get("/v1/payments?terminal_id=" + t2, m.apiKey()).json())).containsExactly(onT2);
        assertThat(ids(s.get("/v1/payments?status=CREATED&terminal_id=" + m.terminal().id(), m.apiKey()).json())).hasSize(4);
        assertThat(ids(s.get("/v1/payments?from=" + today() + "&to=" + today(), m.apiKey()).json())).hasSize(6);
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(ids(s.get("/v1/payments?from=" + tomorrow, m.apiKey()).json())).isEmpty();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(ids(s.get("/v1/payments?to=" + yesterday, m.apiKey()).json())).isEmpty();
    }

    @Test
    void badListingFiltersAreRefusedNamingTheParameter() {
        TestServer.Merchant m = s.onboard("Picky Shop");
        TestServer.Merchant other = s.onboard("Other Picky Shop");
        String theirs = create(other, other.terminal().id(), 100);
        assertProblem(s.get("/v1/payments?status=PAID", m.apiKey()), 400, "status");
        assertProblem(s.get("/v1/payments?from=28-11-2026", m.apiKey()), 400, "from");
        assertProblem(s.get("/v1/payments?from=2026-11-28&to=2026-11-01", m.apiKey()), 400, "to");
        assertProblem(s.get("/v1/payments?terminal_id=nope", m.apiKey()), 400, "terminal_id");
        assertProblem(s.get("/v1/payments?terminal_id=" + other.terminal().id(), m.apiKey()), 400, "terminal_id");
        assertProblem(s.get("/v1/payments?limit=0", m.apiKey()), 400, "limit");
        assertProblem(s.get("/v1/payments?limit=500", m.apiKey()), 400, "limit");
        assertProblem(s.get("/v1/payments?after=" + theirs, m.apiKey()), 400, "after");
        assertProblem(s.get("/v1/payments?after=bad", m.apiKey()), 400, "after");
        assertProblem(s.get("/v1/payments?sort=asc", m.apiKey()), 400, "sort");
        assertProblem(s.get("/v1/payments?status=CREATED&status=VOIDED", m.apiKey()), 400, "status");
        assertProblem(s.get("/v1/payments", null), 401, null);
        assertProblem(s.get("/v1/payments", "opk_notakey"), 401, null);
    }

    @Test
    void dailyReportAndSettlementFollowTheLedger() {
        TestServer.Merchant m = s.onboard("Report Shop");
        enrol(m, 8401);
        String captured = pay(m, 8401, 10_000);
        assertThat(s.post("/v1/payments/" + captured + "/capture", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
        assertThat(s.post("/v1/payments/" + captured + "/refunds", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":2500,\"currency\":\"EUR\"}}").status()).isEqualTo(201);
        String onlyAuthorised = pay(m, 8401, 3_000);
        create(m, m.terminal().id(), 4_000); // never presented: not a decision
        String notEnrolledPalm = create(m, m.terminal().id(), 5_000);
        TestServer.Response notRecognised = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + notEnrolledPalm + "/palm",
                "{\"palm_image\":\"" + png(9999) + "\"}");
        assertThat(notRecognised.json().get("result").asText()).isEqualTo("NOT_RECOGNISED"); // still open: not a decision
        String tooMuch = create(m, m.terminal().id(), 2_000_000); // above the test network's balance
        TestServer.Response declined = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + tooMuch + "/palm",
                "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(SyntheticPalms.capture(8401, 4, 0, 1).toPng()) + "\"}");
        assertThat(declined.json().get("result").asText()).as(declined.text()).isEqualTo("DECLINED");

        JsonNode daily = s.get("/v1/reports/daily?from=" + today() + "&to=" + today(), m.apiKey()).json();
        assertThat(daily.get("days")).hasSize(1);
        JsonNode day = daily.get("days").get(0);
        assertThat(day.get("date").asText()).isEqualTo(today());
        assertThat(day.get("approved").asInt()).isEqualTo(2);
        assertThat(day.get("approved_minor").asLong()).isEqualTo(13_000);
        assertThat(day.get("currency").asText()).isEqualTo("EUR");
        assertThat(day.get("declined").asInt()).isEqualTo(1);
        assertThat(day.get("approval_rate").asDouble()).isEqualTo(0.667);

        TestServer.Response csv = s.get("/v1/reports/settlement.csv?date=" + today(), m.apiKey());
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition").orElse("")).contains("settlement-" + today() + ".csv");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("date,payment_id,currency,captured_minor,refunded_minor,fees_minor,net_minor");
        // fee: 1.5 % of 100.00 + 0.10 = 1.60; net = 100.00 - 25.00 - 1.60
        assertThat(lines).contains(today() + "," + captured + ",EUR,10000,2500,160,7340", today() + ",TOTAL,EUR,10000,2500,160,7340");
        assertThat(csv.text()).doesNotContain(onlyAuthorised); // a hold is not settled
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(s.get("/v1/reports/settlement.csv?date=" + yesterday, m.apiKey()).text().lines().count()).isEqualTo(1);
    }

    @Test
    void badReportParametersAreRefusedNamingTheParameter() {
        TestServer.Merchant m = s.onboard("Report Refusals");
        assertProblem(s.get("/v1/reports/daily?from=" + today(), m.apiKey()), 400, "to");
        assertProblem(s.get("/v1/reports/daily?from=yesterday&to=" + today(), m.apiKey()), 400, "from");
        assertProblem(s.get("/v1/reports/daily?from=2026-11-28&to=2026-11-27", m.apiKey()), 400, "to");
        assertProblem(s.get("/v1/reports/daily?from=2024-01-01&to=2026-01-01", m.apiKey()), 400, "to");
        assertProblem(s.get("/v1/reports/settlement.csv", m.apiKey()), 400, "date");
        assertProblem(s.get("/v1/reports/settlement.csv?date=2026-02-30", m.apiKey()), 400, "date");
        assertProblem(s.get("/v1/reports/settlement.csv?date=" + today(), null), 401, null);
    }

    @Test
    void terminalsAndStoresOfTheMerchantOnly() {
        TestServer.Merchant m = s.onboard("Terminal Shop");
        String t2 = secondTerminal(m);
        s.onboard("Someone Else");
        JsonNode terminals = s.get("/v1/terminals", m.apiKey()).json().get("terminals");
        assertThat(terminals.findValuesAsText("terminal_id")).containsExactlyInAnyOrder(m.terminal().id(), m.kiosk().id(), t2);
        assertThat(terminals.findValuesAsText("store_name")).containsOnly("Main Street");
        assertThat(s.get("/v1/stores", m.apiKey()).json().get("stores").findValuesAsText("store_id")).containsExactly(m.storeId());
    }

    @Test
    void apiKeysAreCreatedShownOnceListedByPrefixAndRevoked() throws Exception {
        TestServer.Merchant m = s.onboard("Key Shop");
        JsonNode initial = s.get("/v1/api-keys", m.apiKey()).json().get("api_keys");
        assertThat(initial).hasSize(1);
        String initialId = initial.get(0).get("id").asText();
        assertThat(initial.get(0).get("active").asBoolean()).isTrue();
        assertThat(initial.toString()).doesNotContain(m.apiKey());

        assertProblem(s.post("/v1/api-keys", m.apiKey(), null, ""), 400, "Idempotency-Key");
        TestServer.Response created = s.post("/v1/api-keys", m.apiKey(), TestServer.key(), "");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String newKey = created.json().get("api_key").asText();
        assertThat(newKey).startsWith("opk_").startsWith(created.json().get("prefix").asText());
        assertThat(s.get("/v1/terminals", newKey).status()).isEqualTo(200);
        String idempotencyKey = TestServer.key();
        TestServer.Response once = s.post("/v1/api-keys", m.apiKey(), idempotencyKey, "");
        TestServer.Response replay = s.post("/v1/api-keys", m.apiKey(), idempotencyKey, "");
        assertThat(replay.json().get("id").asText()).isEqualTo(once.json().get("id").asText());
        assertThat(replay.json().has("api_key")).isFalse(); // shown once: a replay does not repeat it
        assertThat(AdminApiTest.storedTextOf(s)).doesNotContain(newKey, once.json().get("api_key").asText());
        assertThat(s.post("/v1/api-keys/" + once.json().get("id").asText() + "/revoke", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);

        JsonNode listed = s.get("/v1/api-keys", newKey).json().get("api_keys");
        assertThat(listed).hasSize(3); // newest first: the revoked one made by the replay check, the new key, the initial key
        assertThat(listed.get(0).get("active").asBoolean()).isFalse();
        assertThat(listed.get(1).get("prefix").asText()).isEqualTo(newKey.substring(0, 8));
        assertThat(listed.get(2).get("id").asText()).isEqualTo(initialId);
        assertThat(listed.toString()).doesNotContain(newKey);

        TestServer.Response revoked = s.post("/v1/api-keys/" + initialId + "/revoke", newKey, TestServer.key(), "");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertThat(revoked.json().has("revoked_at")).isTrue();
        assertProblem(s.get("/v1/terminals", m.apiKey()), 401, null); // the revoked key is refused
        assertProblem(s.post("/v1/payments", m.apiKey(), TestServer.key(), "{}"), 401, null);

        assertProblem(s.post("/v1/api-keys/" + initialId + "/revoke", newKey, TestServer.key(), ""), 404, null);
        assertProblem(s.post("/v1/api-keys/key_0000000000000000/revoke", newKey, TestServer.key(), ""), 404, null);
        assertProblem(s.post("/v1/api-keys/nonsense/revoke", newKey, TestServer.key(), ""), 404, null);
        String newId = created.json().get("id").asText();
        assertProblem(s.post("/v1/api-keys/" + newId + "/revoke", newKey, TestServer.key(), ""), 409, null); // the last active key
        // another merchant cannot revoke this merchant's key
        TestServer.Merchant other = s.onboard("Key Thief");
        s.post("/v1/api-keys", other.apiKey(), TestServer.key(), "");
        assertProblem(s.post("/v1/api-keys/" + newId + "/revoke", other.apiKey(), TestServer.key(), ""), 404, null);
        assertThat(s.get("/v1/terminals", newKey).status()).isEqualTo(200);
    }
}
