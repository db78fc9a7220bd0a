package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.testing.SyntheticPalms;

/** Issue 17 over HTTP: loyalty prices and points, entry at gates, age checks; the ledger check after each. */
class LoyaltyEntryAgeApiTest {
    @TempDir
    static Path dataDir;

    static TestServer s;
    static final AtomicLong CAPTURE = new AtomicLong(100);

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** A new live capture of palm {@code seed} (no two requests send the same picture). */
    static String palm(long seed) {
        return ServerApiTest.png(SyntheticPalms.liveCapture(seed, CAPTURE.incrementAndGet()));
    }

    static String enrol(TestServer.Merchant m, long seed) {
        TestServer.Response r = s.enrol(m.kiosk(), ServerApiTest.enrolmentJson(seed, ServerApiTest.phone(seed)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("customer_id").asText();
    }

    static TestServer.Response programme(TestServer.Merchant m, String json) {
        return s.post("/v1/loyalty/programme", m.apiKey(), TestServer.key(), json);
    }

    static TestServer.Response join(TestServer.SigningTerminal t, long seed, String name) {
        return s.terminalPost(t, "/terminal/v1/loyalty/members", "{\"palm_image\":\"" + palm(seed) + "\",\"display_name\":\"" + name
                + "\",\"loyalty_consent\":true,\"consent_text_version\":\"loyalty-v1\"}");
    }

    /** A sale (automatic capture) of {@code items} worth {@code minor}, paid by palm {@code seed}: the palm result. */
    static JsonNode pay(TestServer.Merchant m, long seed, long minor, String items, boolean redeem) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":" + minor
                + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\",\"capture_method\":\"automatic\""
                + (items == null ? "" : ",\"items\":" + items) + (redeem ? ",\"redeem_points\":true" : "") + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + created.json().get("id").asText() + "/palm",
                "{\"palm_image\":\"" + palm(seed) + "\"}");
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json();
    }

    static String coffee(int n) {
        return "[{\"item\":\"coffee\",\"quantity\":" + n + ",\"unit_minor\":350}]";
    }

    static void ledgerClean() {
        assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
    }

    @Test
    void theTenthCoffeeIsFreeAndPointsFollowCapturesAndRefunds() {
        TestServer.Merchant m = s.onboard("Coffee House");
        TestServer.Response defined = programme(m, "{\"name\":\"Coffee Club\",\"currency\":\"EUR\",\"points_per_unit\":10,"
                + "\"every_nth_item_free\":{\"item\":\"coffee\",\"n\":10},\"points_redemption\":{\"points\":50,\"discount_minor\":100}}");
        assertThat(defined.status()).as(defined.text()).isEqualTo(200);
        assertThat(defined.json().get("every_nth_item_free").get("n").asInt()).isEqualTo(10);
        enrol(m, 7001);

        // not a member yet: the full price, no points
        JsonNode before = pay(m, 7001, 350, coffee(1), false);
        assertThat(before.get("result").asText()).isEqualTo("AUTHORISED");
        assertThat(before.has("loyalty")).isFalse();

        TestServer.Response joined = join(m.terminal(), 7001, "Ada");
        assertThat(joined.status()).as(joined.text()).isEqualTo(201);
        assertThat(joined.json().get("result").asText()).isEqualTo("JOINED");
        assertThat(join(m.terminal(), 7001, "Ada").json().get("result").asText()).isEqualTo("ALREADY_MEMBER");

        String firstPayment = null;
        for (int i = 1; i <= 9; i++) {
            JsonNode r = pay(m, 7001, 350, coffee(1), false);
            assertThat(r.get("result").asText()).as("coffee " + i).isEqualTo("AUTHORISED");
            assertThat(r.get("loyalty").get("charged").get("minor").asLong()).isEqualTo(350);
            assertThat(r.get("payment").get("status").asText()).isEqualTo("CAPTURED");
            if (i == 1) firstPayment = r.get("payment").get("id").asText();
        }
        JsonNode tenth = pay(m, 7001, 350, coffee(1), false);
        assertThat(tenth.get("result").asText()).as(tenth.toString()).isEqualTo("FREE");
        assertThat(tenth.get("loyalty").get("original").get("minor").asLong()).isEqualTo(350);
        assertThat(tenth.get("loyalty").get("discount").get("minor").asLong()).isEqualTo(350);
        assertThat(tenth.get("loyalty").get("charged").get("minor").asLong()).isZero();
        assertThat(tenth.get("payment").has("authorisation")).isFalse();
        // the 11th is paid again
        assertThat(pay(m, 7001, 350, coffee(1), false).get("loyalty").get("charged").get("minor").asLong()).isEqualTo(350);

        // ten paid coffees at 10 points per euro: 35 points each
        JsonNode members = s.get("/v1/loyalty/members", m.apiKey()).json();
        assertThat(members.get("summary").get("members").asLong()).isEqualTo(1);
        assertThat(members.get("summary").get("points_issued").asLong()).isEqualTo(350);
        assertThat(members.get("members").get(0).get("balance").asLong()).isEqualTo(350);

        // a refund takes its points back
        TestServer.Response refund = s.post("/v1/payments/" + firstPayment + "/refunds", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":350,\"currency\":\"EUR\"}}");
        assertThat(refund.status()).as(refund.text()).isEqualTo(201);
        assertThat(s.get("/v1/loyalty/members", m.apiKey()).json().get("members").get(0).get("balance").asLong()).isEqualTo(315);

        // redeeming 50 points takes 1.00 off, before authorisation
        JsonNode redeemed = pay(m, 7001, 500, "[{\"item\":\"cake\",\"quantity\":1,\"unit_minor\":500}]", true);
        assertThat(redeemed.get("loyalty").get("points_redeemed").asLong()).isEqualTo(50);
        assertThat(redeemed.get("loyalty").get("charged").get("minor").asLong()).isEqualTo(400);
        assertThat(redeemed.get("payment").get("amount").get("minor").asLong()).isEqualTo(400);
        // 315 - 50 + 40 earned on 4.00
        assertThat(s.get("/v1/loyalty/members", m.apiKey()).json().get("members").get(0).get("balance").asLong()).isEqualTo(305);
        ledgerClean();
    }

    @Test
    void aPercentageForMembersAppliesBeforeAuthorisationAndAVoidGivesRedeemedPointsBack() {
        TestServer.Merchant m = s.onboard("Grocer");
        assertThat(programme(m, "{\"name\":\"Fresh\",\"currency\":\"EUR\",\"points_per_unit\":1,\"percent_off\":5,"
                + "\"points_redemption\":{\"points\":1,\"discount_minor\":10}}").status()).isEqualTo(200);
        enrol(m, 7011);
        assertThat(join(m.kiosk(), 7011, "Bo").status()).isEqualTo(201);
        JsonNode paid = pay(m, 7011, 2_000, null, false);
        assertThat(paid.get("loyalty").get("discount").get("minor").asLong()).isEqualTo(100);
        assertThat(paid.get("payment").get("captured").get("minor").asLong()).isEqualTo(1_900);
        // 19 points; a manual payment redeeming 1 point, then voided: the point comes back
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1000,\"currency\":\"EUR\"},"
                + "\"terminal_id\":\"" + m.terminal().id() + "\",\"redeem_points\":true}");
        String id = created.json().get("id").asText();
        JsonNode held = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", "{\"palm_image\":\"" + palm(7011) + "\"}").json();
        assertThat(held.get("loyalty").get("charged").get("minor").asLong()).isEqualTo(940); // 1000 - 50 - 10
        assertThat(s.get("/v1/loyalty/members", m.apiKey()).json().get("members").get(0).get("balance").asLong()).isEqualTo(18);
        assertThat(s.post("/v1/payments/" + id + "/void", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
        assertThat(s.get("/v1/loyalty/members", m.apiKey()).json().get("members").get(0).get("balance").asLong()).isEqualTo(19);
        ledgerClean();
        assertThat(programme(m, "{\"name\":\"\",\"currency\":\"XXX\",\"percent_off\":0}").json().get("errors").toString())
                .contains("name").contains("currency").contains("percent_off");
        TestServer.Response wrongItems = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1000,\"currency\":\"EUR\"},"
                + "\"terminal_id\":\"" + m.terminal().id() + "\",\"items\":" + coffee(2) + "}");
        assertThat(wrongItems.status()).isEqualTo(400);
        assertThat(wrongItems.text()).contains("items");
    }

    @Test
    void aGateAdmitsAMemberAndRefusesAnExpiredTicket() {
        TestServer.Merchant m = s.onboard("Gym");
        assertThat(programme(m, "{\"name\":\"Gym members\",\"currency\":\"EUR\",\"points_per_unit\":0}").status()).isEqualTo(200);
        TestServer.SigningTerminal gate = s.addTerminal(m.apiKey(), m.storeId(), "gate");
        enrol(m, 7021);
        String visitor = enrol(m, 7022);
        assertThat(join(m.kiosk(), 7021, "Cy").status()).isEqualTo(201);

        // a member without the entry consent is not let in by palm, nor named: the gate treats them as a stranger
        JsonNode stranger = enter(gate, 7021);
        assertThat(stranger.get("reason").asText()).isEqualTo("NOT_RECOGNISED");
        assertThat(stranger.has("display_name") && !stranger.get("display_name").isNull()).isFalse();
        assertThat(consent(m.kiosk(), 7021).status()).isEqualTo(201);
        JsonNode member = enter(gate, 7021);
        assertThat(member.get("result").asText()).isEqualTo("ALLOWED");
        assertThat(member.get("display_name").asText()).isEqualTo("Cy");

        assertThat(consent(gate, 7022).status()).isEqualTo(201);
        assertThat(enter(gate, 7022).get("reason").asText()).isEqualTo("NOT_ON_ACCESS_LIST");
        Instant now = Instant.now();
        assertThat(ticket(m, visitor, now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)).status()).isEqualTo(201);
        JsonNode expired = enter(gate, 7022);
        assertThat(expired.get("result").asText()).isEqualTo("DENIED");
        assertThat(expired.get("reason").asText()).isEqualTo("TICKET_EXPIRED");
        assertThat(ticket(m, visitor, now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS)).status()).isEqualTo(201);
        assertThat(enter(gate, 7022).get("display_name").asText()).isEqualTo("Day visitor");
        assertThat(enter(gate, 9999).get("reason").asText()).isEqualTo("NOT_RECOGNISED");

        // readers are not gates
        assertThat(s.terminalPost(m.terminal(), "/terminal/v1/entries", "{\"palm_image\":\"" + palm(7021) + "\"}").status()).isEqualTo(403);
        JsonNode days = s.get("/v1/entries/daily", m.apiKey()).json().get("days");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get("allowed").asLong()).isEqualTo(2);
        assertThat(days.get(0).get("denied").asLong()).isEqualTo(4);
        TestServer.Response trail = s.get("/admin/v1/customers/" + visitor + "/audit", TestServer.ADMIN_TOKEN);
        assertThat(trail.text()).contains("ENTRY").contains("ENTRY_CONSENT");
    }

    static JsonNode enter(TestServer.SigningTerminal gate, long seed) {
        TestServer.Response r = s.terminalPost(gate, "/terminal/v1/entries", "{\"palm_image\":\"" + palm(seed) + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    static TestServer.Response consent(TestServer.SigningTerminal t, long seed) {
        return s.terminalPost(t, "/terminal/v1/entry-consents", "{\"palm_image\":\"" + palm(seed) + "\",\"entry_consent\":true,\"consent_text_version\":\"entry-v1\"}");
    }

    static TestServer.Response ticket(TestServer.Merchant m, String customer, Instant from, Instant until) {
        return s.post("/v1/access/tickets", m.apiKey(), TestServer.key(), "{\"customer_id\":\"" + customer + "\",\"holder_name\":\"Day visitor\","
                + "\"valid_from\":\"" + from + "\",\"valid_until\":\"" + until + "\"}");
    }

    @Test
    void anAgeCheckSaysYesForAnAttestedAdultAndNotVerifiedOtherwise() {
        TestServer.Merchant m = s.onboard("Stadium bar");
        String adult = enrol(m, 7031);
        enrol(m, 7032);
        LocalDate bornBy = LocalDate.now().minusYears(19);
        TestServer.Response attested = s.terminalPost(m.kiosk(), "/terminal/v1/age-attestations", "{\"palm_image\":\"" + palm(7031)
                + "\",\"born_on_or_before\":\"" + bornBy + "\",\"staff_id\":\"staff-17\",\"document_type\":\"id_card\"}");
        assertThat(attested.status()).as(attested.text()).isEqualTo(201);
        assertThat(attested.json().get("customer_id").asText()).isEqualTo(adult);
        assertThat(attested.json().get("store_id").asText()).isEqualTo(m.storeId());
        // only kiosks attest
        assertThat(s.terminalPost(m.terminal(), "/terminal/v1/age-attestations", "{\"palm_image\":\"" + palm(7031)
                + "\",\"born_on_or_before\":\"" + bornBy + "\",\"staff_id\":\"staff-17\",\"document_type\":\"id_card\"}").status()).isEqualTo(403);

        assertThat(ageCheck(m, 7031, 18).get("result").asText()).isEqualTo("YES");
        assertThat(ageCheck(m, 7031, 21).get("result").asText()).isEqualTo("NO");
        JsonNode unknown = ageCheck(m, 7032, 18);
        assertThat(unknown.get("result").asText()).isEqualTo("NOT_VERIFIED");
        assertThat(unknown.get("shopper_message").asText()).contains("kiosk");
        assertThat(ageCheck(m, 7031, 18).toString()).doesNotContain(bornBy.toString());
        TestServer.Response trail = s.get("/admin/v1/customers/" + adult + "/audit", TestServer.ADMIN_TOKEN);
        assertThat(trail.text()).contains("AGE_ATTESTED").contains("AGE_CHECKED");

        // a payment with age-restricted items: the attested adult pays, the others are declined before any card is asked
        JsonNode beer = restrictedPayment(m, 7031, 18);
        assertThat(beer.get("result").asText()).as(beer.toString()).isEqualTo("AUTHORISED");
        JsonNode notVerified = restrictedPayment(m, 7032, 18);
        assertThat(notVerified.get("result").asText()).isEqualTo("DECLINED");
        assertThat(notVerified.get("shopper_message").asText()).contains("18+").contains("not verified").contains("kiosk");
        assertThat(notVerified.get("payment").get("decline").get("code").asText()).isEqualTo("P3");
        assertThat(notVerified.get("payment").has("authorisation") && !notVerified.get("payment").get("authorisation").isNull()).isFalse();
        JsonNode tooYoung = restrictedPayment(m, 7031, 21);
        assertThat(tooYoung.get("result").asText()).isEqualTo("DECLINED");
        assertThat(tooYoung.get("payment").get("decline").get("code").asText()).isEqualTo("P4");
        assertThat(tooYoung.toString()).doesNotContain(bornBy.toString());
        assertThat(s.get("/admin/v1/customers/" + adult + "/audit", TestServer.ADMIN_TOKEN).text()).contains("21+? no for the restricted items");
        TestServer.Response badAge = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":500,\"currency\":\"EUR\"},"
                + "\"terminal_id\":\"" + m.terminal().id() + "\",\"minimum_age\":0}");
        assertThat(badAge.status()).isEqualTo(400);
        assertThat(badAge.text()).contains("minimum_age");
        ledgerClean();
        TestServer.Response bad = s.terminalPost(m.kiosk(), "/terminal/v1/age-attestations", "{\"palm_image\":\"" + palm(7031)
                + "\",\"born_on_or_before\":\"yesterday\",\"staff_id\":\"\",\"document_type\":\"selfie\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("born_on_or_before").contains("staff_id").contains("document_type");
    }

    /** A sale of items sold from {@code age} only, paid by palm {@code seed}: the palm result. */
    static JsonNode restrictedPayment(TestServer.Merchant m, long seed, int age) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":650,\"currency\":\"EUR\"},"
                + "\"terminal_id\":\"" + m.terminal().id() + "\",\"capture_method\":\"automatic\",\"minimum_age\":" + age + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + created.json().get("id").asText() + "/palm",
                "{\"palm_image\":\"" + palm(seed) + "\"}");
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json();
    }

    static JsonNode ageCheck(TestServer.Merchant m, long seed, int age) {
        TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/age-checks", "{\"palm_image\":\"" + palm(seed) + "\",\"minimum_age\":" + age + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    @Test
    void exportAndErasureIncludeMembershipsAndInsightsCountOnlyConsentedMembers() {
        TestServer.Merchant m = s.onboard("Cinema");
        assertThat(programme(m, "{\"name\":\"Film club\",\"currency\":\"EUR\",\"points_per_unit\":2}").status()).isEqualTo(200);
        TestServer.SigningTerminal gate = s.addTerminal(m.apiKey(), m.storeId(), "gate");
        String consenting = s.enrol(m.kiosk(), ServerApiTest.enrolmentJson(7041, ServerApiTest.phone(7041)).replace("}", ",\"insights_consent\":true}"))
                .json().get("customer_id").asText();
        String other = enrol(m, 7042);
        assertThat(join(m.kiosk(), 7041, "Dee").status()).isEqualTo(201);
        assertThat(join(m.kiosk(), 7042, "Eli").status()).isEqualTo(201);
        assertThat(s.get("/v1/loyalty/members", m.apiKey()).json().get("summary").get("members").asLong()).isEqualTo(2);
        assertThat(s.get("/v1/insights/loyalty", m.apiKey()).json().get("loyalty_members_with_insights_consent").asLong()).isEqualTo(1);

        assertThat(consent(gate, 7042).status()).isEqualTo(201);
        assertThat(enter(gate, 7042).get("result").asText()).isEqualTo("ALLOWED");
        assertThat(s.terminalPost(m.kiosk(), "/terminal/v1/age-attestations", "{\"palm_image\":\"" + palm(7042)
                + "\",\"born_on_or_before\":\"2000-01-01\",\"staff_id\":\"s-1\",\"document_type\":\"passport\"}").status()).isEqualTo(201);
        pay(m, 7042, 1_000, null, false);
        JsonNode export = s.get("/admin/v1/customers/" + other + "/export", TestServer.ADMIN_TOKEN).json().get("palm_memberships");
        assertThat(export.get("loyalty").get(0).get("display_name").asText()).isEqualTo("Eli");
        assertThat(export.get("loyalty").get(0).get("balance").asLong()).isEqualTo(20);
        assertThat(export.get("points")).hasSize(1);
        assertThat(export.get("entry_consents")).hasSize(1);
        assertThat(export.get("entries")).hasSize(1);
        assertThat(export.get("age_attestation").get("document_type").asText()).isEqualTo("PASSPORT");

        TestServer.Response erased = s.post("/admin/v1/customers/" + other + "/erasure", TestServer.ADMIN_TOKEN, TestServer.key(), "");
        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        JsonNode after = s.get("/admin/v1/customers/" + other + "/export", TestServer.ADMIN_TOKEN).json().get("palm_memberships");
        assertThat(after.get("loyalty")).isEmpty();
        assertThat(after.get("entry_consents")).isEmpty();
        assertThat(after.get("entries")).isEmpty();
        assertThat(after.has("age_attestation")).isFalse();
        assertThat(s.get("/v1/loyalty/members", m.apiKey()).json().get("summary").get("members").asLong()).isEqualTo(1);
        assertThat(consenting).isNotEqualTo(other);
        ledgerClean();
    }

    @Test
    void pointsEarnedAndRedeemedAreWebhooks() throws Exception {
        java.util.List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            TestServer.Merchant m = s.onboard("Bakery club");
            assertThat(s.post("/v1/webhook-endpoints", m.apiKey(), TestServer.key(), "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hooks\"}").status()).isEqualTo(201);
            assertThat(programme(m, "{\"name\":\"Crumbs\",\"currency\":\"EUR\",\"points_per_unit\":10,"
                    + "\"points_redemption\":{\"points\":20,\"discount_minor\":50}}").status()).isEqualTo(200);
            String customer = enrol(m, 7051);
            assertThat(join(m.kiosk(), 7051, "Flo").status()).isEqualTo(201);
            pay(m, 7051, 300, null, false); // 30 points
            pay(m, 7051, 300, null, true); // 20 redeemed for 0.50, 25 earned on 2.50
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (bodies.stream().filter(b -> b.contains("loyalty.")).count() < 3 && System.nanoTime() < deadline) Thread.sleep(50);
            java.util.List<JsonNode> loyaltyEvents = bodies.stream().filter(b -> b.contains("\"loyalty.")).map(b -> {
                try {
                    return TestServer.JSON.readTree(b);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(loyaltyEvents).extracting(e -> e.get("type").asText())
                    .containsExactlyInAnyOrder("loyalty.points_earned", "loyalty.points_earned", "loyalty.points_redeemed");
            JsonNode redeemed = loyaltyEvents.stream().filter(e -> e.get("type").asText().equals("loyalty.points_redeemed")).findFirst().orElseThrow();
            assertThat(redeemed.get("data").get("loyalty").get("customer_id").asText()).isEqualTo(customer);
            assertThat(redeemed.get("data").get("loyalty").get("points_redeemed").asLong()).isEqualTo(20);
            assertThat(redeemed.get("data").get("payment").get("amount").get("minor").asLong()).isEqualTo(250);
            ledgerClean();
        } finally {
            receiver.stop(0);
        }
    }

    /** A merchant with a programme and a gate; palm {@code seed} enrolled, a member named {@code name} with the entry consent. */
    static TestServer.SigningTerminal memberAtAGate(TestServer.Merchant m, long seed, String name) {
        assertThat(programme(m, "{\"name\":\"Season\",\"currency\":\"EUR\",\"points_per_unit\":0}").status()).isEqualTo(200);
        TestServer.SigningTerminal gate = s.addTerminal(m.apiKey(), m.storeId(), "gate");
        enrol(m, seed);
        assertThat(join(m.kiosk(), seed, name).status()).isEqualTo(201);
        assertThat(consent(m.kiosk(), seed).status()).isEqualTo(201);
        return gate;
    }

    @Test
    void aPrintedPalmAtTheGateIsRefusedBeforeIdentificationAndNotCounted() {
        TestServer.Merchant m = s.onboard("Arena");
        TestServer.SigningTerminal gate = memberAtAGate(m, 7061, "Gil");
        org.openpalm.biometrics.PalmImage visible = SyntheticPalms.liveCapture(7061, CAPTURE.incrementAndGet());
        org.openpalm.biometrics.BandPair live = org.openpalm.biometrics.BandPair.dualBand(visible,
                org.openpalm.biometrics.SyntheticDualBand.nearInfrared(visible, SyntheticPalms.palm(7061 + 7_000), 7061));
        org.openpalm.biometrics.BandPair print = new org.openpalm.biometrics.SimulatedAttacks().attack(org.openpalm.biometrics.AttackKind.PRINT, live, 1);
        TestServer.Response refused = s.terminalPost(gate, "/terminal/v1/entries", "{\"palm_image\":\"" + ServerApiTest.png(print.visible())
                + "\",\"palm_image_nir\":\"" + ServerApiTest.png(print.nearInfrared().orElseThrow()) + "\"}");
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.text()).doesNotContainIgnoringCase("print").doesNotContainIgnoringCase("attack");
        assertThat(s.get("/v1/entries/daily", m.apiKey()).json().get("days")).isEmpty();
        TestServer.Response admitted = s.terminalPost(gate, "/terminal/v1/entries", "{\"palm_image\":\"" + ServerApiTest.png(live.visible())
                + "\",\"palm_image_nir\":\"" + ServerApiTest.png(live.nearInfrared().orElseThrow()) + "\"}");
        assertThat(admitted.json().get("result").asText()).as(admitted.text()).isEqualTo("ALLOWED");
    }

    @Test
    void aCaptureSeenBeforeIsRefusedAtGatesAndAgeChecksUnlessTheSameRequestIsRetried() {
        TestServer.Merchant m = s.onboard("Stadium");
        TestServer.SigningTerminal gate = memberAtAGate(m, 7071, "Hal");
        String capture = palm(7071);
        String body = "{\"palm_image\":\"" + capture + "\"}";
        String key = TestServer.key();
        TestServer.Response first = s.terminalPost(gate, "/terminal/v1/entries", body, key);
        assertThat(first.json().get("result").asText()).as(first.text()).isEqualTo("ALLOWED");
        // the gate retrying its own request (same Idempotency-Key) gets the same answer
        TestServer.Response retried = s.terminalPost(gate, "/terminal/v1/entries", body, key);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("result").asText()).isEqualTo("ALLOWED");
        // the same picture sent as a new request, at the gate or to an age check, is a replay
        TestServer.Response replayed = s.terminalPost(gate, "/terminal/v1/entries", body);
        assertThat(replayed.status()).as(replayed.text()).isEqualTo(409);
        assertThat(replayed.text()).contains("replayed_capture");
        TestServer.Response replayedAge = s.terminalPost(m.terminal(), "/terminal/v1/age-checks", "{\"palm_image\":\"" + capture + "\",\"minimum_age\":18}");
        assertThat(replayedAge.status()).as(replayedAge.text()).isEqualTo(409);
        // a re-encoded copy (not the same bytes) is caught by the template rule
        org.openpalm.biometrics.PalmImage again = SyntheticPalms.liveCapture(7071, CAPTURE.incrementAndGet());
        TestServer.Response original = s.terminalPost(gate, "/terminal/v1/entries", "{\"palm_image\":\"" + ServerApiTest.png(again) + "\"}");
        assertThat(original.json().get("result").asText()).as(original.text()).isEqualTo("ALLOWED");
        String reencoded = jpeg(again);
        TestServer.Response copy = s.terminalPost(gate, "/terminal/v1/entries", "{\"palm_image\":\"" + reencoded + "\"}");
        assertThat(copy.status()).as(copy.text()).isEqualTo(409);
        // only the admitted entries were recorded
        assertThat(s.get("/v1/entries/daily", m.apiKey()).json().get("days").get(0).get("allowed").asLong()).isEqualTo(2);
    }

    /** The capture re-encoded as a JPEG of quality 0.95: other bytes, nearly the same pixels. */
    static String jpeg(org.openpalm.biometrics.PalmImage image) {
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(image.width(), image.height(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setDataElements(0, 0, image.width(), image.height(), image.pixels());
        try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
             javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
            javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(grey, null, null), param);
            writer.dispose();
            ios.flush();
            return java.util.Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
