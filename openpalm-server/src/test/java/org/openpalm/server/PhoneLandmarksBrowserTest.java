package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Phone photos with cluttered backgrounds (ntust-hp-phone) through the real pages in headless
 * chromium: the phone page finds each hand with MediaPipe Hands (served by the server itself) and
 * sends its landmarks, the server cuts the palms from them, and the first payment at the reader,
 * with another photo of the same palm and the phone's digits, confirms the pre-enrolment and pays.
 * Skipped without chromium or the dataset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneLandmarksBrowserTest {
    private static final Duration MODEL_WAIT = Duration.ofSeconds(120); // the model's first load takes seconds on 2 cores
    private Path photos;
    private Path dir;
    private TestServer server;
    private Browser browser;
    private TestServer.Merchant merchant;

    @BeforeAll
    void start() throws Exception {
        String env = System.getenv("OPENPALM_DATASETS");
        photos = Path.of(env != null && !env.isBlank() ? env : System.getProperty("openpalm.datasets", "../shared/datasets"), "ntust-hp-phone");
        assumeTrue(Files.isRegularFile(photos.resolve("manifest.csv")), "dataset ntust-hp-phone not found at " + photos.toAbsolutePath());
        browser = Browser.start();
        dir = Files.createTempDirectory("openpalm-landmarks-browser");
        server = new TestServer(dir);
        merchant = server.onboard("Photo Cafe");
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    private String photo(int n) {
        return photos.resolve(String.format("ntust-hp-0003-%02d.png", n)).toAbsolutePath().toString();
    }

    @Test
    void phonePhotosPreEnrolThroughTheirLandmarksAndTheReaderConfirms() {
        String phone = PaymentsFixture.phone(733).e164();
        browser.open(server.uri("/enrol.html").toString());
        browser.waitVisible(By.id("biometric-consent")).click();
        browser.driver.findElement(By.id("consent-next")).click();
        browser.waitVisible(By.id("phone")).sendKeys(phone);
        browser.driver.findElement(By.id("phone-next")).click();
        browser.waitVisible(By.id("phone-code")).sendKeys(server.latestEnrolmentCode(phone));
        browser.driver.findElement(By.id("phone-next")).click();
        String card = PortalClient.cardNumber(733);
        browser.waitVisible(By.id("card-number")).sendKeys(card);
        browser.driver.findElement(By.id("card-expiry")).sendKeys("12/" + (java.time.Year.now().getValue() % 100 + 3));
        browser.driver.findElement(By.id("card-cvv2")).sendKeys(TestServer.cvv2Of(card));
        browser.driver.findElement(By.id("card-next")).click();
        browser.waitVisible(By.id("step-palms"));
        new Select(browser.driver.findElement(By.id("image-kind"))).selectByValue("full_hand");
        browser.driver.findElement(By.id("left-file")).sendKeys(String.join("\n", List.of(photo(1), photo(2), photo(3))));
        WebDriverWait slow = new WebDriverWait(browser.driver, MODEL_WAIT);
        slow.withMessage(() -> "left photos; page shows: " + browser.bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("left-count"), "3 of 3 good pictures"));
        browser.driver.findElement(By.id("right-file")).sendKeys(String.join("\n", List.of(photo(4), photo(5), photo(6))));
        slow.withMessage(() -> "right photos; page shows: " + browser.bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("right-count"), "3 of 3 good pictures"));
        browser.screenshot(31, "phone-photos-by-landmarks");
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        browser.waitForText(By.id("enrolled-status"), "Pending confirmation");
        var customer = server.server.storage().customers().findByPhone(new PhoneNumber(phone)).orElseThrow().id();

        TestServer.Response created = server.post("/v1/payments", merchant.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":420,\"currency\":\"EUR\"},\"terminal_id\":\"" + merchant.terminal().id() + "\"}");
        String payment = created.json().get("id").asText();
        String key = Base64.getEncoder().encodeToString(merchant.terminal().keys().getPrivate().getEncoded());
        browser.open(server.uri("/reader.html") + "#terminal=" + merchant.terminal().id() + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        browser.waiting().until(ExpectedConditions.attributeToBe(By.id("reader"), "data-payment-id", payment));
        browser.waiting().until(d -> d.findElement(By.id("capture")).isEnabled());
        new Select(browser.driver.findElement(By.id("image-kind"))).selectByValue("full_hand");
        browser.driver.findElement(By.id("palm-file")).sendKeys(photo(7));
        slow.withMessage(() -> "reader; page shows: " + browser.bodyText()).until(ExpectedConditions.visibilityOfElementLocated(By.id("hint-form")));
        browser.driver.findElement(By.id("hint-input")).sendKeys(phone.substring(phone.length() - 4));
        browser.driver.findElement(By.id("hint-submit")).click();
        browser.waitForText(By.id("result"), "Approved");
        browser.screenshot(32, "reader-photo-confirmed");
        TestServer.Response p = server.get("/v1/payments/" + payment, merchant.apiKey());
        assertThat(p.json().get("customer_id").asText()).isEqualTo(customer.value());
        assertThat(server.server.enrolledPalms()).isEqualTo(2);
    }
}
