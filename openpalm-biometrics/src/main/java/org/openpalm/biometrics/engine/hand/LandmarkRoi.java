package org.openpalm.biometrics.engine.hand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.CaptureQuality;
import org.openpalm.biometrics.HandKeypoints;
import org.openpalm.biometrics.HandSide;
import org.openpalm.biometrics.ImagePoint;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.RejectionReason;

/**
 * The palm ROI cut from 21 hand landmarks (MediaPipe Hands' order: 0 wrist, 1-4 thumb, 5-8 index,
 * 9-12 middle, 13-16 ring, 17-20 little finger; MCP joints 5, 9, 13, 17) instead of a segmented
 * hand contour, so that a hand in front of any background gives a palm. Whoever found the
 * landmarks is not trusted: the ROI must lie inside the frame, and the pixels pass the same light
 * and sharpness gate as {@link HandPipeline}'s.
 *
 * <p><b>Geometry</b> (anatomy, not fitted to any dataset): the midpoints of the index-middle and
 * ring-little MCP pairs stand for the two finger valleys of the contour pipeline; their distance
 * is the unit {@code d}. The MCP line lies about a third of {@code d} below the skin valleys (the
 * knuckles sit under the distal palmar crease), so the ROI's top edge, which the contour pipeline
 * puts {@code roiGapFraction} below the valleys, is put on that line here
 * ({@link #GAP_BELOW_MCP_LINE} = 0). The side is the contour pipeline's {@code roiSideFraction}
 * of {@code d}. The orientation follows the MCP line, the wrist side is "down", and the ROI's rows
 * run as the contour pipeline's do (fingers up, image x to the right), so both pipelines' templates
 * compare.
 */
public final class LandmarkRoi {
    /** Gap between the MCP line and the ROI's top edge, in units of {@code d}. */
    static final double GAP_BELOW_MCP_LINE = 0.0;
    /** Below this many pixels of {@code d} the palm is too small to show its lines. */
    static final double MIN_UNIT_PIXELS = 40;
    /** Fingers out of the four (index to little) that must be extended: an open hand. */
    static final int MIN_EXTENDED_FINGERS = 3;

    private final CaptureConfig config;

    public LandmarkRoi(CaptureConfig config) {
        this.config = config;
    }

    public Acquisition acquire(PalmImage image, List<ImagePoint> landmarks) {
        if (landmarks.size() != 21) throw new IllegalArgumentException("21 hand landmarks expected, got " + landmarks.size());
        int width = image.width();
        int height = image.height();
        byte[] grey = image.pixels();
        ImagePoint wrist = landmarks.get(0);
        ImagePoint a = mid(landmarks.get(5), landmarks.get(9));
        ImagePoint b = mid(landmarks.get(13), landmarks.get(17));
        double d = a.distanceTo(b);
        if (d < MIN_UNIT_PIXELS) {
            return new Acquisition.Rejected(RejectionReason.TOO_FAR, fmt("MCP unit %.1f px < %.1f", d, MIN_UNIT_PIXELS));
        }
        int extended = 0;
        for (int tip = 8; tip <= 20; tip += 4) {
            if (landmarks.get(tip).distanceTo(wrist) > landmarks.get(tip - 2).distanceTo(wrist)) extended++;
        }
        if (extended < MIN_EXTENDED_FINGERS) {
            return new Acquisition.Rejected(RejectionReason.FINGERS_CLOSED, extended + " of 4 fingers extended");
        }
        double mx = (a.x() + b.x()) / 2;
        double my = (a.y() + b.y()) / 2;
        // n: unit normal of the MCP line, pointing to the wrist
        double nx = -(b.y() - a.y()) / d;
        double ny = (b.x() - a.x()) / d;
        if (nx * (wrist.x() - mx) + ny * (wrist.y() - my) < 0) {
            nx = -nx;
            ny = -ny;
        }
        double ex = ny;
        double ey = -nx;
        double side = config.roiSideFraction() * d;
        double along = GAP_BELOW_MCP_LINE * d + side / 2;
        double cx = mx + nx * along;
        double cy = my + ny * along;
        List<ImagePoint> corners = new ArrayList<>(4);
        double[][] signs = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (double[] sg : signs) {
            double px = cx + sg[0] * ex * side / 2 + sg[1] * nx * side / 2;
            double py = cy + sg[0] * ey * side / 2 + sg[1] * ny * side / 2;
            if (px < 0 || py < 0 || px > width || py > height) {
                return new Acquisition.Rejected(RejectionReason.HAND_CUT_OFF, "the palm square runs off the frame");
            }
            corners.add(new ImagePoint(px, py));
        }
        int nativeSide = Math.max(8, (int) Math.round(side));
        byte[] nativeRoi = RoiSampler.sample(grey, width, height, cx, cy, ex, ey, nx, ny, side, nativeSide);
        double mean = 0;
        int saturated = 0;
        for (byte v : nativeRoi) {
            mean += v & 0xFF;
            if ((v & 0xFF) >= config.saturatedGrey()) saturated++;
        }
        mean /= nativeRoi.length;
        double saturatedFraction = (double) saturated / nativeRoi.length;
        if (mean < config.minHandMeanGrey()) {
            return new Acquisition.Rejected(RejectionReason.TOO_DARK, fmt("palm mean grey %.1f < %.1f", mean, config.minHandMeanGrey()));
        }
        if (saturatedFraction > config.maxSaturatedFraction()) {
            return new Acquisition.Rejected(RejectionReason.OVEREXPOSED,
                    fmt("%.2f of the palm saturated > %.2f", saturatedFraction, config.maxSaturatedFraction()));
        }
        double sharpness = RoiSampler.sharpness(nativeRoi, nativeSide);
        if (sharpness < config.minRoiSharpness()) {
            return new Acquisition.Rejected(RejectionReason.BLURRED, fmt("sharpness %.4f < %.4f", sharpness, config.minRoiSharpness()));
        }
        int size = config.roiSizePixels();
        byte[] roi = RoiSampler.sample(grey, width, height, cx, cy, ex, ey, nx, ny, side, size);
        // the thumb's side of the palm's axis: right hand when the thumb is on the image's right, as the contour pipeline names it
        ImagePoint thumb = landmarks.get(2);
        double thumbSide = (thumb.x() - mx) * ex + (thumb.y() - my) * ey;
        HandKeypoints keypoints = new HandKeypoints(a, b, new ImagePoint(cx, cy), d / config.valleyDistancePalmRadii(),
                thumbSide > 0 ? HandSide.RIGHT : HandSide.LEFT, corners);
        return new Acquisition.Acquired(PalmImage.ofGrey(size, size, roi), keypoints, new CaptureQuality(mean, saturatedFraction, sharpness, side));
    }

    private static ImagePoint mid(ImagePoint p, ImagePoint q) {
        return new ImagePoint((p.x() + q.x()) / 2, (p.y() + q.y()) / 2);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
