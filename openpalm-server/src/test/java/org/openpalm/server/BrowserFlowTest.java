package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openpalm.biometrics.SyntheticPalms;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The pages in a real (headless) chromium against a real server: a shopper enrols at the kiosk,
 * pays at the reader, a look-alike palm makes the reader ask for the phone digits, the merchant
 * refunds in the dashboard, the customer deletes the palm in the portal and then cannot pay by palm. Each step checks what the page
 * shows and what the API or the database holds, and saves target/screenshots/NN-step.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserFlowTest {
    private static final SyntheticPalms PALMS = SyntheticPalms.withSeed(7_331);
    /** The kiosk shopper's left and right palms (synthetic identities). */
    private static final int SHOPPER_LEFT = 0;
    private static final int SHOPPER_RIGHT = 1;
    /** Two customers whose enrolled palms are the same palm: the reader cannot tell them apart without the hint. */
    private static final int LOOK_ALIKE = 2;
    private static final int OTHER = 3;

    @RegisterExtension
    final BrowserFixture fixture = new BrowserFixture("Browser Cafe"); // skips (or fails under CI=true) without chromium
    private TestServer.SigningTerminal reader;
    private final String shopperPhone = PaymentsFixture.phone(501).e164();
    private CustomerId shopper;
    private String paidAtTheReader;

    @BeforeAll
    void start() throws Exception {
        reader = fixture.server().addTerminal(fixture.merchant().apiKey(), fixture.merchant().storeId(), "reader");
    }

    @Test
    @Order(1)
    void aShopperEnrolsAtTheKiosk() throws Exception {
        fixture.browser().open(fixture.terminalPage("kiosk.html", fixture.merchant().kiosk(), ""));
        fixture.browser().waitVisible(By.id("step-consent"));
        // the private key left the address bar and lives in IndexedDB as a non-extractable CryptoKey, never as text in localStorage
        assertThat(fixture.browser().driver.getCurrentUrl()).doesNotContain("key=");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> stored = (java.util.Map<String, Object>) fixture.browser().driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const open = indexedDB.open('openpalm-terminal', 1);"
                + "open.onsuccess = () => { const get = open.result.transaction('credentials').objectStore('credentials').get('terminal');"
                + "  get.onsuccess = () => done({ localStorage: Object.keys(localStorage).join(','), id: get.result.id,"
                + "    isCryptoKey: get.result.key instanceof CryptoKey, type: get.result.key.type, extractable: get.result.key.extractable,"
                + "    usages: get.result.key.usages.join(',') }); };"
                + "open.onerror = () => done(null);");
        assertThat(stored).containsEntry("localStorage", "").containsEntry("id", fixture.merchant().kiosk().id()).containsEntry("isCryptoKey", true)
                .containsEntry("type", "private").containsEntry("extractable", false).containsEntry("usages", "sign");
        // the phone is proved with the one-time code sent to it
        fixture.consentPhoneAndCard(shopperPhone, 501);
        fixture.browser().driver.findElement(By.id("left-file")).sendKeys(String.join("\n", fixture.syntheticCaptures(PALMS, SHOPPER_LEFT, 1, 3)));
        fixture.browser().driver.findElement(By.id("right-file")).sendKeys(String.join("\n", fixture.syntheticCaptures(PALMS, SHOPPER_RIGHT, 1, 3)));
        fixture.browser().waitForText(By.id("left-count"), "3 of 3 good pictures");
        fixture.browser().waitForText(By.id("right-count"), "3 of 3 good pictures");
        fixture.browser().screenshot(1, "kiosk-palms-captured");
        fixture.browser().waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        fixture.browser().waitVisible(By.id("step-done"));
        String card = fixture.browser().waitForText(By.id("enrolled-card"), "ending").getText();
        fixture.browser().screenshot(2, "kiosk-enrolled");

        // the database holds the customer with both palms and the card the page names
        shopper = fixture.server().server.storage().customers().findByPhone(new PhoneNumber(shopperPhone)).orElseThrow().id();
        assertThat(fixture.server().server.storage().palms().ofCustomer(shopper)).hasSize(2);
        assertThat(card).endsWith("ending " + PortalClient.cardNumber(501).substring(12));
        assertThat(fixture.server().server.enrolledPalms()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void theShopperPaysAtTheReader() throws Exception {
        String payment = fixture.createPayment(reader, 1_250);
        paidAtTheReader = payment;
        fixture.presentAtReader(reader, payment, fixture.syntheticCapture(PALMS, SHOPPER_LEFT, 2, 1));
        fixture.browser().waitForText(By.id("result"), "Approved");
        assertThat(fixture.browser().driver.findElement(By.id("amount")).getText()).contains("12.50");
        fixture.browser().screenshot(3, "reader-approved");

        TestServer.Response p = fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey());
        assertThat(p.json().get("status").asText()).isEqualTo("AUTHORISED");
        assertThat(p.json().get("customer_id").asText()).isEqualTo(shopper.value());
    }

    @Test
    @Order(3)
    void twoLookAlikePalmsMakeTheReaderAskForThePhoneDigits() throws Exception {
        // The first look-alike enrols the same palm as both hands; the second's enrolment is then not
        // refused as a duplicate, since the gallery already holds two close palms (the identifier
        // answers "hint needed", not "identified"). Both hold the palm LOOK_ALIKE.
        String first = enrol(502, List.of(fixture.syntheticCapture(PALMS, LOOK_ALIKE, 1, 1), fixture.syntheticCapture(PALMS, LOOK_ALIKE, 1, 2)),
                List.of(fixture.syntheticCapture(PALMS, LOOK_ALIKE, 1, 3), fixture.syntheticCapture(PALMS, LOOK_ALIKE, 1, 4)));
        String second = enrol(503, List.of(fixture.syntheticCapture(PALMS, LOOK_ALIKE, 1, 5), fixture.syntheticCapture(PALMS, LOOK_ALIKE, 1, 6)),
                List.of(fixture.syntheticCapture(PALMS, OTHER, 1, 1), fixture.syntheticCapture(PALMS, OTHER, 1, 2)));
        assertThat(first).isNotEqualTo(second);

        String payment = fixture.createPayment(reader, 800);
        fixture.presentAtReader(reader, payment, fixture.syntheticCapture(PALMS, LOOK_ALIKE, 2, 1));
        fixture.browser().waitVisible(By.id("hint-form"));
        fixture.browser().waitForText(By.id("result"), "last 4 digits of your phone number");
        assertThat(fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey()).json().get("status").asText()).isEqualTo("HINT_NEEDED");
        fixture.browser().screenshot(4, "reader-asks-for-hint");

        String secondPhone = PaymentsFixture.phone(503).e164();
        fixture.browser().driver.findElement(By.id("hint-input")).sendKeys(secondPhone.substring(secondPhone.length() - 4));
        fixture.browser().driver.findElement(By.id("hint-submit")).click();
        fixture.browser().waitForText(By.id("result"), "Approved");
        fixture.browser().screenshot(5, "reader-approved-with-hint");

        TestServer.Response p = fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey());
        assertThat(p.json().get("status").asText()).isEqualTo("AUTHORISED");
        assertThat(p.json().get("customer_id").asText()).isEqualTo(second);
    }

    @Test
    @Order(4)
    void theMerchantCapturesAndRefundsInTheDashboard() {
        String payment = paidAtTheReader;
        fixture.openDashboard();
        fixture.browser().waitVisible(By.id("capture-" + payment)).click();
        fixture.browser().waitForText(By.id("payments-message"), "CAPTURED");
        fixture.browser().waitVisible(By.id("refund-" + payment)).click();
        fixture.browser().waitVisible(By.id("refund-form"));
        assertThat(fixture.browser().driver.findElement(By.id("refund-amount")).getAttribute("value")).isEqualTo("12.50");
        fixture.browser().screenshot(6, "dashboard-refund-form");
        fixture.browser().driver.findElement(By.id("refund-confirm")).click();
        fixture.browser().waitForText(By.id("payments-message"), "Refunded");
        assertThat(fixture.browser().driver.findElement(By.id("payments-message")).getText()).contains("12.50", payment);
        var cells = fixture.browser().driver.findElement(By.id("payment-" + payment)).findElements(By.tagName("td"));
        assertThat(cells.get(6).getText()).as("refunded column").contains("12.50");
        fixture.browser().screenshot(7, "dashboard-refunded");

        TestServer.Response p = fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey());
        assertThat(p.json().get("status").asText()).isEqualTo("CAPTURED");
        assertThat(p.json().get("refunded").get("minor").asLong()).isEqualTo(1_250);
        assertThat(p.json().get("refunds")).hasSize(1);
    }

    @Test
    @Order(5)
    void theShopperDeletesThePalmInThePortal() {
        int palmsBefore = fixture.server().server.enrolledPalms();
        fixture.signInToPortal(shopperPhone);
        fixture.browser().waitForText(By.id("profile"), "palm enrolments held: 2");
        fixture.browser().screenshot(8, "portal-signed-in");

        fixture.browser().driver.findElement(By.id("erase-confirm")).click();
        fixture.browser().driver.findElement(By.cssSelector("#erase-form button[type=submit]")).click();
        fixture.browser().waitForText(By.id("status"), "Your palm data is deleted");
        fixture.browser().waitForText(By.id("profile"), "palm enrolments held: 0");
        fixture.browser().screenshot(9, "portal-palm-deleted");

        assertThat(fixture.server().server.storage().palms().ofCustomer(shopper)).isEmpty();
        assertThat(fixture.server().server.enrolledPalms()).isEqualTo(palmsBefore - 2);
    }

    @Test
    @Order(6)
    void afterTheDeletionThePalmNoLongerPays() throws Exception {
        String payment = fixture.createPayment(reader, 990);
        fixture.presentAtReader(reader, payment, fixture.syntheticCapture(PALMS, SHOPPER_LEFT, 2, 2));
        fixture.browser().waitForText(By.id("result"), "not recognised");
        assertThat(fixture.browser().driver.findElement(By.id("result")).getText()).doesNotContain("Approved");
        fixture.browser().screenshot(10, "reader-refuses-deleted-palm");

        TestServer.Response p = fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey());
        assertThat(p.json().get("status").asText()).isNotEqualTo("AUTHORISED");
        assertThat(p.json().path("customer_id").textValue()).isNull();
    }

    // ---- helpers ----

    /** Enrols a customer through the kiosk API with these left and right palm PNGs; returns the customer id. */
    private String enrol(long n, List<Path> left, List<Path> right) throws Exception {
        String json = "{\"phone\":\"" + PaymentsFixture.phone(n).e164() + "\",\"card_number\":\"" + PortalClient.cardNumber(n)
                + "\",\"expiry\":\"" + java.time.YearMonth.now().plusYears(2) + "\",\"biometric_consent\":true,\"consent_text_version\":\"v1\","
                + "\"left_palm_images\":" + base64Array(left) + ",\"right_palm_images\":" + base64Array(right) + "}";
        TestServer.Response r = fixture.server().enrol(fixture.merchant().kiosk(), json);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("customer_id").asText();
    }

    private static String base64Array(List<Path> files) throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (Path f : files) b.append(b.length() > 1 ? "," : "").append('"').append(Base64.getEncoder().encodeToString(Files.readAllBytes(f))).append('"');
        return b.append(']').toString();
    }
}
