package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openqa.selenium.By;

/**
 * Issue 17's flows in a real (headless) chromium against a real server: the merchant sets up a
 * loyalty programme in the dashboard, a shopper joins at the reader and gets the 10th coffee free;
 * a refund in the dashboard takes the points back; an 18+ check says yes for an attested adult
 * (attested at the kiosk page) and "not verified" for another shopper; a gate admits a member and
 * refuses an expired ticket. Screenshots in target/screenshots/4N-step.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoyaltyBrowserFlowTest {
    private static final long MEMBER = 8101;
    private static final long ADULT = 8102;
    private static final long VISITOR = 8103;
    private final AtomicLong captures = new AtomicLong(500);

    @RegisterExtension
    final BrowserFixture fixture = new BrowserFixture("Corner Coffee"); // skips (or fails under CI=true) without chromium
    private TestServer.SigningTerminal gate;
    private String member;
    private String firstCoffee;

    @BeforeAll
    void start() throws Exception {
        gate = fixture.server().addTerminal(fixture.merchant().apiKey(), fixture.merchant().storeId(), "gate");
        member = enrol(MEMBER);
        enrol(ADULT);
        enrol(VISITOR);
    }

    @Test
    @Order(1)
    void joinLoyaltyAtTheReaderAndGetTheTenthCoffeeFree() throws Exception {
        // the merchant sets up the programme in the dashboard
        fixture.openDashboard();
        fixture.browser().waitVisible(By.id("loyalty-panel"));
        fixture.browser().driver.findElement(By.id("programme-name")).sendKeys("Coffee Club");
        fixture.browser().driver.findElement(By.id("programme-points")).clear();
        fixture.browser().driver.findElement(By.id("programme-points")).sendKeys("10");
        fixture.browser().driver.findElement(By.id("programme-item")).sendKeys("coffee");
        fixture.browser().driver.findElement(By.id("programme-nth")).sendKeys("10");
        fixture.browser().driver.findElement(By.id("programme-save")).click();
        fixture.browser().waitForText(By.id("loyalty-message"), "Coffee Club saved");
        fixture.browser().screenshot(41, "dashboard-programme");
        assertThat(fixture.server().get("/v1/loyalty/programme", fixture.merchant().apiKey()).json().get("every_nth_item_free").get("item").asText()).isEqualTo("coffee");

        // the shopper joins at the reader
        fixture.browser().open(readerPage(fixture.merchant().terminal(), "join"));
        fixture.browser().waitVisible(By.id("join-form"));
        fixture.browser().driver.findElement(By.id("join-name")).sendKeys("Ada");
        fixture.browser().driver.findElement(By.id("join-consent")).click();
        presentWhenReady(capture(MEMBER));
        fixture.browser().waitForText(By.id("result"), "your palm is now your loyalty card");
        fixture.browser().screenshot(42, "reader-joined");
        assertThat(fixture.server().get("/v1/loyalty/members", fixture.merchant().apiKey()).json().get("members").get(0).get("customer_id").asText()).isEqualTo(member);

        // nine coffees at the till (API), the tenth at the reader page
        for (int i = 1; i <= 9; i++) {
            String id = createCoffee();
            if (i == 1) firstCoffee = id;
            TestServer.Response paid = fixture.server().terminalPost(fixture.merchant().terminal(), "/terminal/v1/payments/" + id + "/palm",
                    "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(Files.readAllBytes(capture(MEMBER))) + "\"}");
            assertThat(paid.json().get("result").asText()).as(paid.text()).isEqualTo("AUTHORISED");
        }
        String tenth = createCoffee();
        fixture.presentAtReader(fixture.merchant().terminal(), tenth, capture(MEMBER));
        fixture.browser().waitForText(By.id("result"), "Free with your loyalty reward");
        String line = fixture.browser().waitVisible(By.id("loyalty-line")).getText();
        assertThat(line).contains("Original").contains("3.50").contains("charged").contains("0.00").contains("free coffee");
        fixture.browser().screenshot(43, "reader-tenth-coffee-free");
        JsonNode p = fixture.server().get("/v1/payments/" + tenth, fixture.merchant().apiKey()).json();
        assertThat(p.get("status").asText()).isEqualTo("VOIDED");
        assertThat(p.has("authorisation")).isFalse();
        assertThat(fixture.server().server.ledgerAudit().check().problems()).isEmpty();
    }

    @Test
    @Order(2)
    void aRefundInTheDashboardTakesThePointsBack() {
        assertThat(points()).isEqualTo(9 * 35);
        fixture.openDashboard();
        fixture.browser().waitVisible(By.id("refund-" + firstCoffee)).click();
        fixture.browser().waitVisible(By.id("refund-form"));
        fixture.browser().driver.findElement(By.id("refund-confirm")).click();
        fixture.browser().waitForText(By.id("payments-message"), "Refunded");
        fixture.browser().driver.findElement(By.id("loyalty-refresh")).click();
        fixture.browser().waitForText(By.id("member-" + member), "280");
        fixture.browser().waitForText(By.id("loyalty-summary"), "points issued 280");
        fixture.browser().screenshot(44, "dashboard-refund-reverses-points");
        assertThat(points()).isEqualTo(8 * 35);
        assertThat(fixture.server().server.ledgerAudit().check().problems()).isEmpty();
    }

    @Test
    @Order(3)
    void anAgeCheckSaysYesForTheAttestedAdultAndNotVerifiedOtherwise() throws Exception {
        fixture.browser().open(fixture.terminalPage("kiosk.html", fixture.merchant().kiosk(), ""));
        fixture.browser().waitVisible(By.cssSelector("#staff summary")).click();
        setDate(By.id("age-born"), LocalDate.now().minusYears(20));
        fixture.browser().driver.findElement(By.id("age-staff")).sendKeys("staff-7");
        fixture.browser().driver.findElement(By.id("age-palm")).sendKeys(capture(ADULT).toString());
        fixture.browser().driver.findElement(By.id("age-submit")).click();
        fixture.browser().waitForText(By.id("staff-message"), "Age attested by staff-7");
        fixture.browser().screenshot(45, "kiosk-age-attested");

        fixture.browser().open(readerPage(fixture.merchant().terminal(), "age18"));
        fixture.browser().waitForText(By.id("amount"), "18+?");
        presentWhenReady(capture(ADULT));
        fixture.browser().waitForText(By.id("verdict"), "18+: yes");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getAttribute("data-verdict")).isEqualTo("green");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getText()).doesNotContain(String.valueOf(LocalDate.now().minusYears(20).getYear()));
        fixture.browser().screenshot(46, "reader-18-yes");

        fixture.browser().open(readerPage(fixture.merchant().terminal(), "age18"));
        presentWhenReady(capture(VISITOR));
        fixture.browser().waitForText(By.id("verdict"), "Not verified");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getText()).contains("kiosk");
        fixture.browser().screenshot(47, "reader-18-not-verified");
    }

    @Test
    @Order(4)
    void aGateAdmitsAMemberAndRefusesAnExpiredTicket() throws Exception {
        String visitor = customerOf(VISITOR);
        for (long seed : new long[] {MEMBER, VISITOR}) {
            TestServer.Response consent = fixture.server().terminalPost(gate, "/terminal/v1/entry-consents", "{\"palm_image\":\""
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(capture(seed))) + "\",\"entry_consent\":true,\"consent_text_version\":\"entry-v1\"}");
            assertThat(consent.status()).as(consent.text()).isEqualTo(201);
        }
        Instant now = Instant.now();
        assertThat(fixture.server().post("/v1/access/tickets", fixture.merchant().apiKey(), TestServer.key(), "{\"customer_id\":\"" + visitor
                + "\",\"holder_name\":\"Day pass\",\"valid_from\":\"" + now.minus(3, ChronoUnit.DAYS) + "\",\"valid_until\":\""
                + now.minus(2, ChronoUnit.DAYS) + "\"}").status()).isEqualTo(201);

        fixture.browser().open(readerPage(gate, "gate"));
        presentWhenReady(capture(MEMBER));
        fixture.browser().waitForText(By.id("verdict"), "Welcome");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getText()).contains("Ada");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getAttribute("data-verdict")).isEqualTo("green");
        fixture.browser().screenshot(48, "gate-member-admitted");

        fixture.browser().open(readerPage(gate, "gate"));
        presentWhenReady(capture(VISITOR));
        fixture.browser().waitForText(By.id("verdict"), "No entry");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getText()).contains("ticket has expired");
        assertThat(fixture.browser().driver.findElement(By.id("verdict")).getAttribute("data-verdict")).isEqualTo("red");
        fixture.browser().screenshot(49, "gate-expired-ticket-refused");

        JsonNode days = fixture.server().get("/v1/entries/daily", fixture.merchant().apiKey()).json().get("days");
        assertThat(days.get(0).get("allowed").asLong()).isEqualTo(1);
        assertThat(days.get(0).get("denied").asLong()).isEqualTo(1);
    }

    // ---- helpers ----

    private long points() {
        return fixture.server().get("/v1/loyalty/members", fixture.merchant().apiKey()).json().get("members").get(0).get("balance").asLong();
    }

    private String enrol(long n) {
        TestServer.Response r = fixture.server().enrol(fixture.merchant().kiosk(), ServerApiTest.enrolmentJson(n, ServerApiTest.phone(n)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("customer_id").asText();
    }

    private String customerOf(long n) {
        return fixture.server().server.storage().customers().findByPhone(org.openpalm.payments.testing.PaymentsFixture.phone(n)).orElseThrow().id().value();
    }

    private String createCoffee() {
        TestServer.Response created = fixture.server().post("/v1/payments", fixture.merchant().apiKey(), TestServer.key(), "{\"amount\":{\"minor\":350,\"currency\":\"EUR\"},"
                + "\"terminal_id\":\"" + fixture.merchant().terminal().id() + "\",\"capture_method\":\"automatic\",\"items\":[{\"item\":\"coffee\",\"quantity\":1,\"unit_minor\":350}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** Uploads {@code capture} through the reader page's file input once the page takes a palm (the mode's pages need no payment). */
    private void presentWhenReady(Path capture) {
        fixture.browser().waiting().until(d -> d.findElement(By.id("capture")).isEnabled());
        fixture.browser().driver.findElement(By.id("palm-file")).sendKeys(capture.toString());
    }

    private String readerPage(TestServer.SigningTerminal terminal, String mode) {
        return fixture.terminalPage("reader.html", terminal, mode);
    }

    /** A new live capture of palm {@code seed}, written as PNG (no two presentations send the same picture). */
    private Path capture(long seed) throws Exception {
        long n = captures.incrementAndGet();
        Path file = fixture.dir().resolve("palm-" + seed + "-" + n + ".png");
        Files.write(file, SyntheticPalms.liveCapture(seed, n).toPng());
        return file.toAbsolutePath();
    }

    private void setDate(By input, LocalDate date) {
        fixture.browser().driver.executeScript("arguments[0].value = arguments[1];", fixture.browser().driver.findElement(input), date.toString());
    }
}
