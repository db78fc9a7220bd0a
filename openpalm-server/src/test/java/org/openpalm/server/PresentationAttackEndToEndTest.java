package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openpalm.server.DualBandCaptures.b64;
import static org.openpalm.server.DualBandCaptures.json;
import static org.openpalm.server.DualBandCaptures.liveCapture;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.AttackKind;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.IndependentAttacks;
import org.openpalm.biometrics.SimulatedAttacks;
import org.openpalm.biometrics.SyntheticDualBand;
import org.openpalm.payments.testing.SyntheticPalms;

/**
 * Presentation attacks end to end through the terminal API on a real server with the
 * single-camera check on: every kind of both generators (dual band: print, screen, nir-print;
 * single camera: print, screen) gets PRESENTATION_ATTACK, is counted and audited; three in a row
 * pause the terminal for a minute; a kiosk enrolment with an artefact's NIR frame is refused and
 * writes nothing, a live one enrols.
 */
class PresentationAttackEndToEndTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dir, c -> c.withPresentationAttacks(new PresentationAttackSettings(5.0, true, 4.0, 3, 60)),
                java.net.http.HttpClient.newHttpClient());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static String payment(TestServer.Merchant m) {
        return s.createPayment(m, m.terminal(), 900);
    }

    private static double counter(String check) {
        Matcher m = Pattern.compile("openpalm_presentation_attacks_total\\{check=\"" + check + "\"\\} ([0-9.]+)")
                .matcher(s.get("/metrics", null).text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** One attack through the palm endpoint: refused, never identified, counted under its check; then the live palm pays. */
    private void refusedThenLivePays(TestServer.Merchant m, long palm, BandPair attack, String label, boolean dualBand) {
        String check = dualBand ? "dual_band" : "single_camera";
        double before = counter(check);
        String id = payment(m);
        TestServer.Response refused = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", json(attack));
        assertThat(refused.status()).as(label + ": " + refused.text()).isEqualTo(200);
        assertThat(refused.json().get("result").asText()).as(label).isEqualTo("PRESENTATION_ATTACK");
        assertThat(refused.json().get("payment").get("status").asText()).as(label).isEqualTo("CREATED");
        assertThat(counter(check)).as(label).isEqualTo(before + 1);
        BandPair live = liveCapture(palm);
        BandPair presented = dualBand ? live : BandPair.singleCamera(live.visible());
        TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", json(presented));
        assertThat(paid.json().get("result").asText()).as(label + " then live: " + paid.text()).isEqualTo("AUTHORISED");
    }

    @Test
    void everyKindOfBothGeneratorsIsRefusedCountedAndAuditedThroughTheTerminalApi() {
        long palm = 4201;
        TestServer.Merchant m = s.onboardWithEnrolledPalm("End to end shop", palm);
        SimulatedAttacks simulated = new SimulatedAttacks();
        IndependentAttacks independent = new IndependentAttacks();
        int attacks = 0;
        for (AttackKind kind : AttackKind.values()) {
            refusedThenLivePays(m, palm, simulated.attack(kind, liveCapture(palm), 11 + kind.ordinal()), "dual band " + kind.label(), true);
            refusedThenLivePays(m, palm, independent.attack(kind, liveCapture(palm), 21 + kind.ordinal()), "independent dual band " + kind.label(), true);
            attacks += 2;
            if (!kind.needsNearInfrared()) {
                BandPair singleCamera = BandPair.singleCamera(liveCapture(palm).visible());
                refusedThenLivePays(m, palm, simulated.attack(kind, singleCamera, 31 + kind.ordinal()), "single camera " + kind.label(), false);
                attacks++;
            }
        }
        TestServer.Response audit = s.get("/admin/v1/audit?limit=1000", TestServer.ADMIN_TOKEN);
        int entries = audit.text().split("PRESENTATION_ATTACK", -1).length - 1;
        assertThat(entries).as("one audit entry per attack").isGreaterThanOrEqualTo(attacks);
        assertThat(audit.text()).contains("single-camera check", "dual-band check", "terminal:" + m.terminal().id());
        assertThat(s.get("/admin/v1/audit/verify", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void threeAttacksInARowPauseTheTerminalForAMinute() {
        TestServer.Merchant m = s.onboardWithEnrolledPalm("Minute shop", 4202);
        IndependentAttacks independent = new IndependentAttacks();
        String id = payment(m);
        for (int i = 0; i < 3; i++) {
            TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                    json(independent.attack(AttackKind.PRINT, liveCapture(4202), 40 + i)));
            assertThat(r.json().get("result").asText()).as(r.text()).isEqualTo("PRESENTATION_ATTACK");
        }
        TestServer.Response paused = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", json(liveCapture(4202)));
        assertThat(paused.status()).as(paused.text()).isEqualTo(423);
        Matcher seconds = Pattern.compile("paused for (\\d+) s").matcher(paused.json().get("detail").asText());
        assertThat(seconds.find()).as(paused.text()).isTrue();
        assertThat(Integer.parseInt(seconds.group(1))).isBetween(50, 60);
        assertThat(s.get("/admin/v1/audit?limit=1000", TestServer.ADMIN_TOKEN).text()).contains("palm payments paused 60 s");
    }

    private static String enrolmentWithNir(long n, BandPair capture) {
        return "{\"phone\":\"" + ServerApiTest.phone(n) + "\",\"card_number\":\"" + ServerApiTest.pan(n) + "\",\"expiry\":\""
                + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\"" + b64(capture.visible()) + "\"],\"palm_images_nir\":[\""
                + b64(capture.nearInfrared().orElseThrow()) + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
    }

    @Test
    void aKioskEnrolmentChecksLivenessWhenANearInfraredFrameIsSent() {
        TestServer.Merchant m = s.onboard("Kiosk liveness shop");
        long victim = 4203;
        BandPair live = BandPair.dualBand(SyntheticPalms.palm(victim),
                SyntheticDualBand.nearInfrared(SyntheticPalms.palm(victim), SyntheticPalms.palm(victim + 7_000), victim));
        double before = counter("dual_band");
        TestServer.Response attack = s.enrol(m.kiosk(), enrolmentWithNir(victim, new SimulatedAttacks().attack(AttackKind.SCREEN, live, 5)));
        assertThat(attack.status()).as(attack.text()).isEqualTo(422);
        assertThat(attack.contentType()).startsWith("application/problem+json");
        assertThat(attack.json().get("detail").asText()).doesNotContainIgnoringCase("attack").doesNotContainIgnoringCase("screen");
        assertThat(counter("dual_band")).isEqualTo(before + 1);

        // nothing was written: the same phone and card enrol with the live pair
        TestServer.Response enrolled = s.enrol(m.kiosk(), enrolmentWithNir(victim, live));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);

        TestServer.Response misCounted = s.enrol(m.kiosk(), enrolmentWithNir(victim + 1, live).replace("\"palm_images_nir\":[", "\"palm_images_nir\":[\"AA\","));
        assertThat(misCounted.status()).isEqualTo(400);
        assertThat(misCounted.text()).contains("palm_images_nir");
    }
}
