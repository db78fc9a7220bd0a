package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openpalm.biometrics.AttackKind;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.SimulatedAttacks;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Dual-band terminal pages (issue 16): the reader page sends the near-infrared picture chosen beside
 * the visible one as {@code palm_image_nir}. A screen showing the enrolled palm (no near-infrared
 * light) gets the neutral answer and pays nothing, which only the near-infrared frame can tell
 * here (the single-camera check is off by default); the live pair then pays. The kiosk pairs each
 * hand's near-infrared pictures with its pictures: a screen among them refuses the enrolment with
 * neutral words and writes nothing; live pairs enrol. Screenshots target/screenshots/6N-step.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DualBandReaderBrowserTest {
    private static final long PALM = 4301;
    @RegisterExtension
    final BrowserFixture fixture = new BrowserFixture("Dual Band Cafe"); // skips (or fails under CI=true) without chromium

    @BeforeAll
    void start() throws Exception {
        TestServer.Response enrolled = fixture.server().enrol(fixture.merchant().kiosk(), ServerApiTest.enrolmentJson(PALM, ServerApiTest.phone(PALM)));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
    }

    private Path png(String name, PalmImage image) throws Exception {
        Path file = fixture.dir().resolve(name + ".png");
        Files.write(file, image.toPng());
        return file.toAbsolutePath();
    }

    private double dualBandAttacksCounted() {
        Matcher m = Pattern.compile("openpalm_presentation_attacks_total\\{check=\"dual_band\"\\} ([0-9.]+)")
                .matcher(fixture.server().get("/metrics", null).text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Chooses the near-infrared picture first, then the visible one (which sends both). */
    private void presentPair(String payment, BandPair pair, String name) throws Exception {
        fixture.openReaderFor(fixture.merchant().terminal(), payment);
        fixture.browser().driver.findElement(By.id("palm-file-nir")).sendKeys(png(name + "-nir", pair.nearInfrared().orElseThrow()).toString());
        fixture.browser().driver.findElement(By.id("palm-file")).sendKeys(png(name, pair.visible()).toString());
    }

    @Test
    void theReaderSendsTheNearInfraredPictureAndAScreenDoesNotPay() throws Exception {
        String payment = fixture.createPayment(fixture.merchant().terminal(), 720);
        double before = dualBandAttacksCounted();
        BandPair screen = new SimulatedAttacks().attack(AttackKind.SCREEN, DualBandCaptures.liveCapture(PALM), 7);
        presentPair(payment, screen, "screen");
        Browser browser = fixture.browser();
        fixture.browser().waitForText(By.id("status"), "Hold your palm over the reader");
        String shown = fixture.browser().waitVisible(By.id("result")).getText();
        assertThat(shown).isNotBlank().doesNotContainIgnoringCase("attack").doesNotContainIgnoringCase("screen").doesNotContain("Approved");
        fixture.browser().screenshot(61, "reader-dual-band-screen-refused");
        assertThat(dualBandAttacksCounted()).as("judged with the near-infrared frame").isEqualTo(before + 1);
        assertThat(fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey()).json().get("status").asText()).isEqualTo("CREATED");

        // the live pair at the same reader pays
        BandPair live = DualBandCaptures.liveCapture(PALM);
        fixture.browser().driver.findElement(By.id("palm-file-nir")).sendKeys(png("live-nir", live.nearInfrared().orElseThrow()).toString());
        fixture.browser().driver.findElement(By.id("palm-file")).sendKeys(png("live", live.visible()).toString());
        fixture.browser().waitForText(By.id("result"), "Approved");
        fixture.browser().screenshot(62, "reader-dual-band-live-approved");
        assertThat(fixture.server().get("/v1/payments/" + payment, fixture.merchant().apiKey()).json().get("status").asText()).isEqualTo("AUTHORISED");
    }

    @Test
    void theKioskSendsEachPicturesNearInfraredFrame() throws Exception {
        long palm = 4302;
        String phone = PaymentsFixture.phone(palm).e164();
        Browser browser = fixture.browser();
        fixture.browser().open(fixture.terminalPage("kiosk.html", fixture.merchant().kiosk(), ""));
        fixture.consentPhoneAndCard(phone, palm);
        BandPair screen = new SimulatedAttacks().attack(AttackKind.SCREEN, DualBandCaptures.liveCapture(palm), 9);
        addPairs("left", List.of(screen, DualBandCaptures.liveCapture(palm), DualBandCaptures.liveCapture(palm)), "kiosk-attack-left");
        addPairs("right", livePairs(palm + 1), "kiosk-attack-right");
        fixture.browser().waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        String refused = fixture.browser().waitForText(By.id("message"), "Palm not read").getText();
        assertThat(refused).doesNotContainIgnoringCase("screen").doesNotContainIgnoringCase("attack");
        fixture.browser().screenshot(63, "kiosk-dual-band-screen-refused");
        assertThat(fixture.server().server.storage().customers().findByPhone(new PhoneNumber(phone))).as("nothing written").isEmpty();

        fixture.browser().driver.findElement(By.id("palms-reset")).click();
        addPairs("left", livePairs(palm), "kiosk-live-left");
        addPairs("right", livePairs(palm + 1), "kiosk-live-right");
        fixture.browser().waiting().until(ExpectedConditions.elementToBeClickable(By.id("enrol-submit"))).click();
        fixture.browser().waitVisible(By.id("step-done"));
        fixture.browser().screenshot(64, "kiosk-dual-band-enrolled");
        var customer = fixture.server().server.storage().customers().findByPhone(new PhoneNumber(phone)).orElseThrow().id();
        assertThat(fixture.server().server.storage().palms().ofCustomer(customer)).hasSize(2);
    }

    private static List<BandPair> livePairs(long palm) {
        return List.of(DualBandCaptures.liveCapture(palm), DualBandCaptures.liveCapture(palm), DualBandCaptures.liveCapture(palm));
    }

    /** A hand's near-infrared pictures first, then its pictures (the page pairs them in order); waits for the 3 checks. */
    private void addPairs(String hand, List<BandPair> pairs, String name) throws Exception {
        List<String> visible = new ArrayList<>();
        List<String> nir = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            nir.add(png(name + "-" + i + "-nir", pairs.get(i).nearInfrared().orElseThrow()).toString());
            visible.add(png(name + "-" + i, pairs.get(i).visible()).toString());
        }
        fixture.browser().driver.findElement(By.id(hand + "-file-nir")).sendKeys(String.join("\n", nir));
        fixture.browser().driver.findElement(By.id(hand + "-file")).sendKeys(String.join("\n", visible));
        fixture.browser().waitForText(By.id(hand + "-count"), "3 of 3 good pictures");
    }
}
