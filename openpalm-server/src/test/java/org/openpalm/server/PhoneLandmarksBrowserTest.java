package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    @RegisterExtension
    final BrowserFixture fixture = new BrowserFixture("Photo Cafe").needing("ntust-hp-phone"); // skips (or fails under CI=true) without chromium or the dataset

    @BeforeAll
    void start() throws Exception {
        photos = BrowserFixture.dataset("ntust-hp-phone"); // skips with a message without it (a failure under CI=true)
    }

    private String photo(int n) {
        return photos.resolve(String.format("ntust-hp-0003-%02d.png", n)).toAbsolutePath().toString();
    }

    @Test
    void phonePhotosPreEnrolThroughTheirLandmarksAndTheReaderConfirms() {
        String phone = PaymentsFixture.phone(733).e164();
        fixture.browser().open(fixture.server().uri("/enrol.html").toString());
        fixture.consentPhoneAndCard(phone, 733);
        new Select(fixture.browser().driver.findElement(By.id("image-kind"))).selectByValue("full_hand");
        fixture.browser().driver.findElement(By.id("left-file")).sendKeys(String.join("\n", List.of(photo(1), photo(2), photo(3))));
        WebDriverWait slow = new WebDriverWait(fixture.browser().driver, MODEL_WAIT);
        slow.withMessage(() -> "left photos; page shows: " + fixture.browser().bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("left-count"), "3 of 3 good pictures"));
        fixture.browser().driver.findElement(By.id("right-file")).sendKeys(String.join("\n", List.of(photo(4), photo(5), photo(6))));
        slow.withMessage(() -> "right photos; page shows: " + fixture.browser().bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("right-count"), "3 of 3 good pictures"));
        fixture.browser().screenshot(31, "phone-photos-by-landmarks");
        fixture.browser().waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        fixture.browser().waitForText(By.id("enrolled-status"), "Pending confirmation");
        var customer = fixture.server().server.storage().customers().findByPhone(new PhoneNumber(phone)).orElseThrow().id();

        String payment = fixture.createPayment(fixture.merchant().terminal(), 420);
        fixture.openReaderFor(fixture.merchant().terminal(), payment);
        new Select(fixture.browser().driver.findElement(By.id("image-kind"))).selectByValue("full_hand");
        fixture.browser().driver.findElement(By.id("palm-file")).sendKeys(photo(7));
        slow.withMessage(() -> "reader; page shows: " + fixture.browser().bodyText()).until(ExpectedConditions.visibilityOfElementLocated(By.id("hint-form")));
        fixture.answerHint(phone);
        fixture.browser().waitForText(By.id("result"), "Approved");
        fixture.browser().screenshot(32, "reader-photo-confirmed");
        TestServer.Response p = fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey());
        assertThat(p.json().get("customer_id").asText()).isEqualTo(customer.value());
        assertThat(fixture.server().server.enrolledPalms()).isEqualTo(2);
    }
}
