package org.openpalm.server;

import java.util.Base64;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.SyntheticDualBand;
import org.openpalm.payments.testing.SyntheticPalms;

/** Dual-band reader captures for the presentation attack tests: live pairs of a synthetic palm and their JSON. */
final class DualBandCaptures {
    private DualBandCaptures() {}

    /**
     * The visible frame a reader takes of palm {@code n} and the 940 nm frame of the same instant; a
     * new live capture each call (a capture sent again for another payment is a replay).
     */
    static BandPair liveCapture(long n) {
        PalmImage visible = SyntheticPalms.liveCapture(n, PortalClient.freshNoise());
        return BandPair.dualBand(visible, SyntheticDualBand.nearInfrared(visible, SyntheticPalms.palm(n + 7_000), n));
    }

    static String b64(PalmImage image) {
        return Base64.getEncoder().encodeToString(image.toPng());
    }

    /** The palm presentation's JSON: {@code palm_image}, and {@code palm_image_nir} when the capture has that band. */
    static String json(BandPair capture) {
        return capture.nearInfrared().isPresent()
                ? "{\"palm_image\":\"" + b64(capture.visible()) + "\",\"palm_image_nir\":\"" + b64(capture.nearInfrared().get()) + "\"}"
                : "{\"palm_image\":\"" + b64(capture.visible()) + "\"}";
    }
}
