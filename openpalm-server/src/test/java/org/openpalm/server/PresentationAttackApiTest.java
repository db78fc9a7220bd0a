package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openpalm.server.DualBandCaptures.b64;
import static org.openpalm.server.DualBandCaptures.json;
import static org.openpalm.server.DualBandCaptures.liveCapture;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.AttackKind;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.SimulatedAttacks;

/** Presentation attacks through the terminal API: each kind, end to end, on a real server. */
class PresentationAttackApiTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static String payment(TestServer.Merchant m) {
        return s.createPayment(m, m.terminal(), 1200);
    }

    @Test
    void aLiveDualBandCapturePaysAndEachAttackKindIsRefusedWithoutIdentification() {
        TestServer.Merchant m = s.onboardWithEnrolledPalm("Liveness shop", 4101);
        SimulatedAttacks attacks = new SimulatedAttacks();
        for (AttackKind kind : AttackKind.values()) {
            BandPair live = liveCapture(4101);
            String id = payment(m);
            TestServer.Response refused = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                    json(attacks.attack(kind, live, kind.ordinal())));
            assertThat(refused.status()).as(refused.text()).isEqualTo(200);
            assertThat(refused.json().get("result").asText()).as(kind.label()).isEqualTo("PRESENTATION_ATTACK");
            assertThat(refused.json().get("shopper_message").asText()).doesNotContainIgnoringCase("attack").doesNotContainIgnoringCase("print");
            // never identified: the payment is still waiting for a palm, no authorisation
            assertThat(refused.json().get("payment").get("status").asText()).isEqualTo("CREATED");
            assertThat(refused.json().get("payment").hasNonNull("authorisation")).isFalse();
            // a live capture after an attack pays (and resets the streak)
            TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", json(live));
            assertThat(paid.json().get("result").asText()).as(paid.text()).isEqualTo("AUTHORISED");
        }
        String metrics = s.get("/metrics", null).text();
        assertThat(metrics).containsPattern("openpalm_presentation_attacks_total\\{check=\"dual_band\"\\} [3-9]");
        TestServer.Response audit = s.get("/admin/v1/audit?limit=1000", TestServer.ADMIN_TOKEN);
        assertThat(audit.text()).contains("PRESENTATION_ATTACK", "terminal:" + m.terminal().id());
        assertThat(s.get("/admin/v1/audit/verify", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void threeAttacksInARowPauseTheTerminalsPalmPaymentsButNotOtherTerminals() {
        TestServer.Merchant m = s.onboardWithEnrolledPalm("Paused shop", 4102);
        TestServer.Merchant other = s.onboardWithEnrolledPalm("Other shop", 4103);
        SimulatedAttacks attacks = new SimulatedAttacks();
        String id = payment(m);
        for (int i = 0; i < 3; i++) {
            TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                    json(attacks.attack(AttackKind.SCREEN, liveCapture(4102), i)));
            assertThat(r.json().get("result").asText()).isEqualTo("PRESENTATION_ATTACK");
        }
        TestServer.Response paused = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm", json(liveCapture(4102)));
        assertThat(paused.status()).as(paused.text()).isEqualTo(423);
        assertThat(paused.contentType()).startsWith("application/problem+json");
        assertThat(paused.json().get("detail").asText()).contains("paused for");

        TestServer.Response elsewhere = s.terminalPost(other.terminal(), "/terminal/v1/payments/" + payment(other) + "/palm",
                json(liveCapture(4103)));
        assertThat(elsewhere.json().get("result").asText()).as(elsewhere.text()).isEqualTo("AUTHORISED");
    }

    @Test
    void theNearInfraredFrameTravelsAsAMultipartPartAndAMisSizedOneIsRefusedByName() {
        TestServer.Merchant m = s.onboardWithEnrolledPalm("Multipart shop", 4104);
        BandPair print = new SimulatedAttacks().attack(AttackKind.PRINT, liveCapture(4104), 3);
        String boundary = "B0undary";
        byte[] body = multipart(boundary, print.visible().toPng(), print.nearInfrared().orElseThrow().toPng());
        TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment(m) + "/palm",
                "multipart/form-data; boundary=" + boundary, body, TestServer.key(), Instant.now().getEpochSecond(), UUID.randomUUID().toString());
        assertThat(r.json().get("result").asText()).as(r.text()).isEqualTo("PRESENTATION_ATTACK");

        PalmImage small = PalmImage.ofGrey(64, 64, new byte[64 * 64]);
        TestServer.Response bad = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment(m) + "/palm",
                "{\"palm_image\":\"" + b64(liveCapture(4104).visible()) + "\",\"palm_image_nir\":\"" + b64(small) + "\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("palm_image_nir");
    }

    private static byte[] multipart(String boundary, byte[] visible, byte[] nir) {
        var out = new java.io.ByteArrayOutputStream();
        for (String[] part : new String[][] {{"palm_image"}, {"palm_image_nir"}}) {
            byte[] data = part[0].equals("palm_image") ? visible : nir;
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0] + "\"; filename=\"" + part[0]
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeBytes(data);
            out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
