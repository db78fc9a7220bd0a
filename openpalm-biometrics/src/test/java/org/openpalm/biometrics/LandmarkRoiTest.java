package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PalmCapture#acquireFromLandmarks}: the palm square follows the landmarks (position, size,
 * rotation), and the landmarks are not trusted: a square off the frame, a closed hand, a palm too
 * small, too dark or blurred is refused with its reason.
 */
class LandmarkRoiTest {
    private static final int W = 640;
    private static final int H = 480;

    /** Grey texture with palm-line-like detail: sharp, mid-grey. */
    private static byte[] texture(long seed) {
        Random r = new Random(seed);
        byte[] g = new byte[W * H];
        for (int i = 0; i < g.length; i++) g[i] = (byte) (100 + r.nextInt(80));
        return g;
    }

    /**
     * An open right hand, fingers up, palm centred at (cx, cy), MCP unit {@code unit} px, rotated
     * by {@code degrees} about the frame centre; {@code closed}: fingertips folded into the palm.
     */
    private static List<ImagePoint> hand(double cx, double cy, double unit, double degrees, boolean closed) {
        double u = unit;
        double[][] local = new double[21][];
        local[0] = new double[] {0, 1.6 * u}; // wrist
        for (int k = 1; k <= 4; k++) local[k] = new double[] {0.9 * u + 0.25 * k * u, 1.1 * u - 0.3 * k * u}; // thumb, on the right
        double[] mcpX = {0.75 * u, 0.25 * u, -0.25 * u, -0.75 * u};
        for (int f = 0; f < 4; f++) {
            int base = 5 + 4 * f;
            local[base] = new double[] {mcpX[f], 0};
            for (int j = 1; j <= 3; j++) {
                double reach = closed ? (j == 1 ? -0.5 : j == 2 ? 0.2 : 0.6) * u : -0.45 * j * u;
                local[base + j] = new double[] {mcpX[f], reach};
            }
        }
        double a = Math.toRadians(degrees);
        List<ImagePoint> out = new ArrayList<>();
        for (double[] p : local) {
            double x = cx + p[0] * Math.cos(a) - p[1] * Math.sin(a);
            double y = cy + p[0] * Math.sin(a) + p[1] * Math.cos(a);
            out.add(new ImagePoint(x, y));
        }
        return out;
    }

    @Test
    void anOpenHandGivesThePalmSquareBelowTheFingerBasesSizedByTheHand() {
        PalmImage frame = PalmImage.ofGrey(W, H, texture(1));
        // MCP unit: distance of the index-middle and ring-little MCP midpoints = 2 x 0.5 x 120 = 120 px
        var acquired = (Acquisition.Acquired) PalmCapture.acquireFromLandmarks(frame, hand(320, 180, 120, 0, false));
        assertThat(acquired.roi().width()).isEqualTo(128);
        assertThat(acquired.quality().roiSidePixels()).isCloseTo(1.1 * 120, org.assertj.core.data.Offset.offset(0.5));
        // the square hangs below the MCP line (towards the wrist), centred on the palm's axis
        assertThat(acquired.keypoints().palmCentre().x()).isCloseTo(320, org.assertj.core.data.Offset.offset(0.5));
        assertThat(acquired.keypoints().palmCentre().y()).isCloseTo(180 + 66, org.assertj.core.data.Offset.offset(0.5));
        assertThat(acquired.keypoints().handSide()).isEqualTo(HandSide.RIGHT);
        assertThat(acquired.keypoints().rotationDegrees()).isCloseTo(0, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void theSquareTurnsWithTheHand() {
        PalmImage frame = PalmImage.ofGrey(W, H, texture(2));
        for (double degrees : new double[] {-90, -30, 45, 120, 170}) {
            var acquired = (Acquisition.Acquired) PalmCapture.acquireFromLandmarks(frame, hand(320, 200, 100, degrees, false));
            double expected = ((degrees % 360) + 540) % 360 - 180;
            assertThat(acquired.keypoints().rotationDegrees()).as("hand turned %s degrees", degrees)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.5));
        }
    }

    @Test
    void theSamePalmTurnedGivesTheSameTemplate() {
        // a palm texture drawn upright, and the same texture turned by 90 degrees with its landmarks
        byte[] upright = texture(3);
        byte[] turned = new byte[W * H];
        double cx = W / 2.0;
        double cy = H / 2.0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                // turned(x, y) = upright(rotate back by 90 degrees about the centre)
                int sx = (int) Math.round(cx + (y - cy));
                int sy = (int) Math.round(cy - (x - cx));
                turned[y * W + x] = sx >= 0 && sy >= 0 && sx < W && sy < H ? upright[sy * W + sx] : (byte) 128;
            }
        }
        var a = (Acquisition.Acquired) PalmCapture.acquireFromLandmarks(PalmImage.ofGrey(W, H, upright), hand(cx, cy - 60, 100, 0, false));
        var b = (Acquisition.Acquired) PalmCapture.acquireFromLandmarks(PalmImage.ofGrey(W, H, turned), hand(cx, cy - 60, 100, 0, false).stream()
                .map(p -> new ImagePoint(cx - (p.y() - cy), cy + (p.x() - cx))).toList());
        double same = new PalmMatcher(a.template()).match(b.template());
        double other = new PalmMatcher(a.template()).match(((Acquisition.Acquired) PalmCapture.acquireFromLandmarks(
                PalmImage.ofGrey(W, H, texture(4)), hand(cx, cy - 60, 100, 0, false))).template());
        assertThat(same).isGreaterThan(ScoreScale.DEFAULT_THRESHOLD).isGreaterThan(other + 20);
    }

    @Test
    void untrustedLandmarksAreCheckedAgainstThePixels() {
        PalmImage frame = PalmImage.ofGrey(W, H, texture(5));
        assertThat(reason(frame, hand(320, 420, 120, 0, false))).isEqualTo(RejectionReason.HAND_CUT_OFF);
        assertThat(reason(frame, hand(320, 180, 120, 0, true))).isEqualTo(RejectionReason.FINGERS_CLOSED);
        assertThat(reason(frame, hand(320, 180, 30, 0, false))).isEqualTo(RejectionReason.TOO_FAR);
        byte[] dark = texture(6);
        for (int i = 0; i < dark.length; i++) dark[i] = (byte) ((dark[i] & 0xFF) / 4);
        assertThat(reason(PalmImage.ofGrey(W, H, dark), hand(320, 180, 120, 0, false))).isEqualTo(RejectionReason.TOO_DARK);
        byte[] flat = new byte[W * H];
        java.util.Arrays.fill(flat, (byte) 140);
        assertThat(reason(PalmImage.ofGrey(W, H, flat), hand(320, 180, 120, 0, false))).isEqualTo(RejectionReason.BLURRED);
    }

    private static RejectionReason reason(PalmImage frame, List<ImagePoint> landmarks) {
        return ((Acquisition.Rejected) PalmCapture.acquireFromLandmarks(frame, landmarks)).reason();
    }
}
