package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15's flow through cameras: chromium's fake camera plays a y4m video made at test time from
 * ntust-hp-phone photos (read from the shared datasets, never copied into the repository), and the
 * pages' live guidance (MediaPipe Hands, served by the server) finds the hand, draws it, says what
 * to do and takes the pictures by itself. On the phone page the shopper pre-enrols with 3 guided
 * captures of each palm (PENDING_CONFIRMATION); at the reader, the first payment's guided capture
 * asks for the phone's last 4 digits and confirms the pre-enrolment (ACTIVE); a later payment pays
 * without them; at the kiosk another shopper enrols through the same guidance, each picture sent
 * with its landmarks. The phone, each visit to the reader and the kiosk are their own
 * chromium with their own video (a chromium has one fake camera), made from photos the others do
 * not use, as a shopper's phone and a till's webcam never see the same frame. Skipped with a
 * message without chromium or the dataset (a failure under CI=true). Screenshots
 * target/screenshots/5N-step.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CameraFlowBrowserTest {
    /**
     * The shopper's palms: ntust-hp-phone has one palm of each person (its side not recorded), so
     * the left palm is one subject's and the right another's. Chosen as the two subjects whose photos
     * score highest against each other with the landmark ROI (measured with {@code ./openpalm
     * evaluate ntust-hp-phone --landmarks mediapipe}: lowest genuine score 48.1 and 45.9, highest
     * impostor score of the set 26.2, between these two 20.6); every one of their photos passes the
     * page's guidance (hand found, inside the frame, open, size, light). The left palm pays.
     */
    private static final String LEFT = "ntust-hp-0104";
    private static final String RIGHT = "ntust-hp-0125";
    /** The kiosk shopper's palms: the next two subjects by lowest genuine score (36.5 and 36.3), other people than the phone shopper's. */
    private static final String KIOSK_LEFT = "ntust-hp-0118";
    private static final String KIOSK_RIGHT = "ntust-hp-0003";
    private static final List<Integer> PHONE_PHOTOS = IntStream.rangeClosed(1, 6).boxed().toList();
    private static final int FIRST_PAYMENT_PHOTO = 9;
    private static final int LATER_PAYMENT_PHOTO = 10;
    /**
     * Each photo held 1.5 s: long enough for the guidance to see a still, good pose and take its best
     * frame (0.9 s window), short enough that one photo rarely gives two pictures. Between the photos
     * of one palm 0.3 s without a hand; between the palms 2.5 s, as a shopper changing hands (the page
     * waits for {@code handAwayMillis}, 1 s, without a hand before the right palm).
     */
    private static final double SHOWN_SECONDS = 1.5;
    private static final double BETWEEN_PHOTOS_SECONDS = 0.3;
    private static final double CHANGING_HANDS_SECONDS = 2.5;
    private static final int FRAMES_PER_SECOND = 10;
    /** +-3 grey levels of sensor noise: every frame's bytes are new, as a camera's. */
    private static final int NOISE_GREY_LEVELS = 3;
    /** The model loads in seconds and each frame takes ~0.2 s on 2 cores without a GPU; 6 pictures take a few cycles of the video. */
    private static final Duration GUIDED_WAIT = Duration.ofSeconds(180);

    private Path dataset;
    @RegisterExtension
    final BrowserFixture fixture = new BrowserFixture("Camera Cafe").needing("ntust-hp-phone"); // skips (or fails under CI=true) without chromium or the dataset
    private final String phone = PaymentsFixture.phone(751).e164();
    private CustomerId shopper;
    private final List<Path> videos = new java.util.ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        dataset = BrowserFixture.dataset("ntust-hp-phone");
    }

    @AfterAll
    void deleteVideos() throws Exception {
        for (Path video : videos) Files.deleteIfExists(video); // tens of MB each
    }

    private Path photo(String subject, int n) {
        return dataset.resolve(String.format("%s-%02d.png", subject, n));
    }

    private List<Path> photos(String subject, List<Integer> numbers) {
        return numbers.stream().map(n -> photo(subject, n)).toList();
    }

    private Browser browser() {
        return fixture.browser();
    }

    private WebDriverWait guided(String what) {
        WebDriverWait wait = new WebDriverWait(browser().driver, GUIDED_WAIT);
        wait.withMessage(() -> what + "; page shows: " + browser().bodyText());
        return wait;
    }

    /** Left palm, the hand taken away, right palm; the video starts without a hand, as a shopper's camera does. */
    private List<FakeCamera.Scene> bothPalms(String left, String right) {
        List<FakeCamera.Scene> scenes = new java.util.ArrayList<>();
        scenes.add(new FakeCamera.Scene.NoHand(CHANGING_HANDS_SECONDS));
        scenes.addAll(FakeCamera.held(photos(left, PHONE_PHOTOS), SHOWN_SECONDS, BETWEEN_PHOTOS_SECONDS));
        scenes.add(new FakeCamera.Scene.NoHand(CHANGING_HANDS_SECONDS));
        scenes.addAll(FakeCamera.held(photos(right, PHONE_PHOTOS), SHOWN_SECONDS, BETWEEN_PHOTOS_SECONDS));
        return scenes;
    }

    /** A payment of {@code minor} cents at the reader page, whose camera (a new chromium) shows the left palm's photo {@code n}; the camera started. */
    private String payWithTheReaderCamera(String name, int n, long minor) {
        cameraShowing(name, FakeCamera.held(photos(LEFT, List.of(n)), SHOWN_SECONDS, CHANGING_HANDS_SECONDS));
        String payment = fixture.createPayment(fixture.merchant().terminal(), minor);
        fixture.openReaderFor(fixture.merchant().terminal(), payment);
        browser().driver.findElement(By.id("camera-start")).click();
        return payment;
    }

    private void assertAuthorisedForTheShopper(String payment) {
        TestServer.Response p = fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey());
        assertThat(p.json().get("status").asText()).isEqualTo("AUTHORISED");
        assertThat(p.json().get("customer_id").asText()).isEqualTo(shopper.value());
    }

    /** A new chromium whose camera plays {@code scenes} in a loop. */
    private void cameraShowing(String name, List<FakeCamera.Scene> scenes) {
        Path video = FakeCamera.write(fixture.dir().resolve(name + ".y4m"), scenes, FRAMES_PER_SECOND, NOISE_GREY_LEVELS, videos.size());
        videos.add(video);
        fixture.restartBrowser(FakeCamera.chromiumArguments(video));
    }

    @Test
    @Order(1)
    void theShopperPreEnrolsWithThePhoneCamera() {
        cameraShowing("phone", bothPalms(LEFT, RIGHT));
        browser().open(fixture.server().uri("/enrol.html").toString());
        fixture.consentPhoneAndCard(phone, 751);
        browser().driver.findElement(By.id("camera-start")).click();
        browser().waitVisible(By.id("camera-preview"));
        // the guidance runs: the hand's landmarks are drawn over the picture and a prompt is shown
        guided("first guided picture of the left palm").until(ExpectedConditions.textToBePresentInElementLocated(By.id("left-count"), "1 of 3"));
        assertThat((Boolean) browser().driver.executeScript(
                "const c = document.getElementById('camera-overlay'); return c.width > 0 && c.height > 0;")).isTrue();
        // a hand in view: its landmarks are drawn and the prompt says what to do
        WebDriverWait prompt = guided("a prompt while a hand is in view");
        prompt.pollingEvery(Duration.ofMillis(50)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("camera-advice"), "Left palm: Hold still"));
        browser().screenshot(51, "phone-camera-guided");
        guided("left palm pictures").until(ExpectedConditions.textToBePresentInElementLocated(By.id("left-count"), "3 of 3 good pictures"));
        guided("right palm pictures").until(ExpectedConditions.textToBePresentInElementLocated(By.id("right-count"), "3 of 3 good pictures"));
        // both palms done: the page stops the camera by itself; camera pictures are whole hands
        browser().waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("camera-preview")));
        assertThat(browser().driver.findElement(By.id("image-kind")).getAttribute("value")).isEqualTo("full_hand");
        browser().screenshot(52, "phone-camera-palms-taken");
        browser().waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        browser().waitForText(By.id("enrolled-status"), "Pending confirmation");
        assertThat(browser().driver.findElement(By.id("step-done")).getAttribute("data-status")).isEqualTo("PENDING_CONFIRMATION");
        browser().screenshot(53, "phone-camera-pre-enrolled");

        shopper = fixture.server().server.storage().customers().findByPhone(new PhoneNumber(phone)).orElseThrow().id();
        assertThat(fixture.server().server.storage().palms().ofCustomer(shopper)).hasSize(2);
        assertThat(fixture.server().server.enrolledPalms()).as("pending palms are not in the identifier").isZero();
    }

    @Test
    @Order(2)
    void theFirstPaymentWithTheReaderCameraAsksForTheDigitsAndConfirms() {
        String payment = payWithTheReaderCamera("reader-first", FIRST_PAYMENT_PHOTO, 1_450);
        // the guidance takes the picture by itself; the pending palm is found only with the digits
        guided("the reader's guided capture").until(ExpectedConditions.visibilityOfElementLocated(By.id("hint-form")));
        browser().waitForText(By.id("result"), "last 4 digits of your phone number");
        browser().screenshot(54, "reader-camera-asks-for-digits");
        fixture.answerHint(phone);
        browser().waitForText(By.id("result"), "Approved");
        browser().screenshot(55, "reader-camera-confirmed");

        assertAuthorisedForTheShopper(payment);
        assertThat(fixture.server().server.enrolledPalms()).as("the confirmed palms joined the identifier").isEqualTo(2);
        TestServer.Response trail = fixture.server().get("/admin/v1/customers/" + shopper.value() + "/audit", TestServer.ADMIN_TOKEN);
        assertThat(trail.text()).contains("PRE_ENROLMENT_CONFIRMED");
    }

    @Test
    @Order(3)
    void aLaterPaymentWithTheReaderCameraNeedsNoDigits() {
        String payment = payWithTheReaderCamera("reader-later", LATER_PAYMENT_PHOTO, 380);
        guided("the reader's guided capture").until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Approved"));
        assertThat(browser().driver.findElement(By.id("hint-form")).isDisplayed()).isFalse();
        browser().screenshot(56, "reader-camera-approved-without-digits");
        assertAuthorisedForTheShopper(payment);
    }

    @Test
    @Order(4)
    void aShopperEnrolsAtTheKioskWithTheSameGuidance() {
        cameraShowing("kiosk", bothPalms(KIOSK_LEFT, KIOSK_RIGHT));
        String kioskPhone = PaymentsFixture.phone(752).e164();
        browser().open(fixture.terminalPage("kiosk.html", fixture.merchant().kiosk(), ""));
        fixture.consentPhoneAndCard(kioskPhone, 752);
        // what the page sends: each check and the enrolment, read back from the signed requests' JSON bodies
        browser().driver.executeScript("""
                window.sentBodies = [];
                const send = window.fetch;
                window.fetch = (path, init) => {
                  if (init && init.body && String(path).startsWith('/terminal/v1/')) {
                    window.sentBodies.push({ path: String(path), body: JSON.parse(new TextDecoder().decode(init.body)) });
                  }
                  return send(path, init);
                };""");
        browser().driver.findElement(By.id("camera-start")).click();
        guided("kiosk left palm pictures").until(ExpectedConditions.textToBePresentInElementLocated(By.id("left-count"), "3 of 3 good pictures"));
        guided("kiosk right palm pictures").until(ExpectedConditions.textToBePresentInElementLocated(By.id("right-count"), "3 of 3 good pictures"));
        browser().screenshot(57, "kiosk-camera-palms-taken");
        browser().waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        browser().waitVisible(By.id("step-done"));
        browser().screenshot(58, "kiosk-camera-enrolled");

        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> sent = (List<java.util.Map<String, Object>>) browser().driver.executeScript("return window.sentBodies;");
        List<java.util.Map<String, Object>> checks = sent.stream().filter(r -> r.get("path").equals("/terminal/v1/captures/check")).toList();
        assertThat(checks).hasSizeGreaterThanOrEqualTo(6);
        for (var check : checks) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> body = (java.util.Map<String, Object>) check.get("body");
            assertThat(body).containsEntry("image_kind", "full_hand").containsKey("landmarks");
            assertThat((List<?>) body.get("landmarks")).hasSize(21);
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> enrolment = (java.util.Map<String, Object>) sent.stream()
                .filter(r -> r.get("path").equals("/terminal/v1/enrolments")).findFirst().orElseThrow().get("body");
        assertThat((List<?>) enrolment.get("left_palm_landmarks")).hasSize(3).doesNotContainNull();
        assertThat((List<?>) enrolment.get("right_palm_landmarks")).hasSize(3).doesNotContainNull();
        var customer = fixture.server().server.storage().customers().findByPhone(new PhoneNumber(kioskPhone)).orElseThrow().id();
        assertThat(fixture.server().server.storage().palms().ofCustomer(customer)).hasSize(2);
        assertThat(fixture.server().server.enrolledPalms()).as("a kiosk enrolment is active at once").isEqualTo(4);
    }
}
