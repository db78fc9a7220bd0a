package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openpalm.biometrics.AttackKind;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.SimulatedAttacks;
import org.openqa.selenium.By;

/**
 * A dual-band reader page (issue 16): the reader page sends the near-infrared picture chosen beside
 * the visible one as {@code palm_image_nir}. A screen showing the enrolled palm (no near-infrared
 * light) gets the neutral answer and pays nothing, which only the near-infrared frame can tell
 * here (the single-camera check is off by default); the live pair then pays. Screenshots
 * target/screenshots/6N-step.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DualBandReaderBrowserTest {
    private static final long PALM = 4301;
    private BrowserFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = BrowserFixture.start("Dual Band Cafe");
        TestServer.Response enrolled = fixture.server.enrol(fixture.merchant.kiosk(), ServerApiTest.enrolmentJson(PALM, ServerApiTest.phone(PALM)));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    private Path png(String name, PalmImage image) throws Exception {
        Path file = fixture.dir.resolve(name + ".png");
        Files.write(file, image.toPng());
        return file.toAbsolutePath();
    }

    private double dualBandAttacksCounted() {
        Matcher m = Pattern.compile("openpalm_presentation_attacks_total\\{check=\"dual_band\"\\} ([0-9.]+)")
                .matcher(fixture.server.get("/metrics", null).text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Chooses the near-infrared picture first, then the visible one (which sends both). */
    private void presentPair(String payment, BandPair pair, String name) throws Exception {
        fixture.openReaderFor(fixture.merchant.terminal(), payment);
        fixture.browser().driver.findElement(By.id("palm-file-nir")).sendKeys(png(name + "-nir", pair.nearInfrared().orElseThrow()).toString());
        fixture.browser().driver.findElement(By.id("palm-file")).sendKeys(png(name, pair.visible()).toString());
    }

    @Test
    void theReaderSendsTheNearInfraredPictureAndAScreenDoesNotPay() throws Exception {
        String payment = fixture.createPayment(fixture.merchant.terminal(), 720);
        double before = dualBandAttacksCounted();
        BandPair screen = new SimulatedAttacks().attack(AttackKind.SCREEN, DualBandCaptures.liveCapture(PALM), 7);
        presentPair(payment, screen, "screen");
        Browser browser = fixture.browser();
        browser.waitForText(By.id("status"), "Hold your palm over the reader");
        String shown = browser.waitVisible(By.id("result")).getText();
        assertThat(shown).isNotBlank().doesNotContainIgnoringCase("attack").doesNotContainIgnoringCase("screen").doesNotContain("Approved");
        browser.screenshot(61, "reader-dual-band-screen-refused");
        assertThat(dualBandAttacksCounted()).as("judged with the near-infrared frame").isEqualTo(before + 1);
        assertThat(fixture.server.get("/v1/payments/" + payment, fixture.merchant.apiKey()).json().get("status").asText()).isEqualTo("CREATED");

        // the live pair at the same reader pays
        BandPair live = DualBandCaptures.liveCapture(PALM);
        browser.driver.findElement(By.id("palm-file-nir")).sendKeys(png("live-nir", live.nearInfrared().orElseThrow()).toString());
        browser.driver.findElement(By.id("palm-file")).sendKeys(png("live", live.visible()).toString());
        browser.waitForText(By.id("result"), "Approved");
        browser.screenshot(62, "reader-dual-band-live-approved");
        assertThat(fixture.server.get("/v1/payments/" + payment, fixture.merchant.apiKey()).json().get("status").asText()).isEqualTo("AUTHORISED");
    }
}
