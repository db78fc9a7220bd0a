package org.openpalm.biometrics.engine.hand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.Acquisition.Acquired;
import org.openpalm.biometrics.Acquisition.Rejected;
import org.openpalm.biometrics.CaptureQuality;
import org.openpalm.biometrics.HandKeypoints;
import org.openpalm.biometrics.HandSide;
import org.openpalm.biometrics.ImagePoint;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.RejectionReason;

/**
 * Full-hand capture to palm ROI, as a flat script of named stages: downscale, segment, palm
 * centre, quality of light, contour, finger valleys, palm frame, ROI, sharpness. Stateless and
 * thread-safe.
 */
public final class HandPipeline {
    private final CaptureConfig config;

    public HandPipeline(CaptureConfig config) {
        this.config = config;
    }

    /**
     * Everything the pipeline saw, for debug overlays; lists are empty for stages not reached.
     * Points are in capture pixel coordinates.
     */
    public record Trace(Acquisition outcome, List<ImagePoint> contour, List<ImagePoint> fingertips,
                        List<ImagePoint> valleys, List<ImagePoint> keyValleys, List<ImagePoint> palmCircle,
                        List<ImagePoint> roiCorners) {
        public Trace {
            contour = List.copyOf(contour);
            fingertips = List.copyOf(fingertips);
            valleys = List.copyOf(valleys);
            keyValleys = List.copyOf(keyValleys);
            palmCircle = List.copyOf(palmCircle);
            roiCorners = List.copyOf(roiCorners);
        }
    }

    public Acquisition acquire(PalmImage image) {
        return run(image).outcome();
    }

    public Trace run(PalmImage image) {
        byte[] grey = image.pixels();
        int width = image.width();
        int height = image.height();
        List<ImagePoint> contourPts = List.of();
        List<ImagePoint> tips = List.of();
        List<ImagePoint> valleyPts = List.of();
        List<ImagePoint> circle = List.of();

        // Stage 0: the frame's shape. A strip (4,000,000 x 1) or a dot has no room for a hand,
        // and its downscaled working copy would have no rows or columns.
        int shorter = Math.min(width, height);
        if (shorter < config.minFrameSidePixels() || Math.max(width, height) > config.maxFrameAspectRatio() * shorter) {
            return rejected(RejectionReason.NO_HAND, "frame %dx%d cannot hold a hand (sides of at least %d pixels, ratio at most %.1f)",
                    width, height, config.minFrameSidePixels(), config.maxFrameAspectRatio());
        }

        // Stage 1: downscale and find the hand blob.
        HandSegmenter.Working work = HandSegmenter.downscale(grey, width, height, config.maxWorkingSidePixels());
        int s = work.scale();
        double std = HandSegmenter.std(work.grey());
        if (std < config.minImageStdGrey()) {
            return rejected(RejectionReason.NO_HAND, "uniform frame, grey std %.1f", std);
        }
        HandSegmenter.Blob blob = HandSegmenter.segment(work, config);
        double areaFraction = (double) blob.area() / (work.width() * work.height());
        if (areaFraction < config.minHandAreaFraction()) {
            return rejected(RejectionReason.NO_HAND, "largest bright blob covers %.4f of the frame", areaFraction);
        }
        double contrast = blob.foregroundMean() - blob.backgroundMean();
        double palmRadius = blob.palmRadius() * s;
        double pcx = (blob.palmX() + 0.5) * s;
        double pcy = (blob.palmY() + 0.5) * s;
        circle = List.of(new ImagePoint(pcx, pcy), new ImagePoint(pcx + palmRadius, pcy));

        // Stage 2: light. A dark hand still separates from a darker background, so darkness is
        // judged before contrast; a frame with nothing in it has neither.
        double[] light = handLight(work, blob.mask());
        double handMean = light[0];
        double saturated = light[1];
        if (handMean < config.minHandMeanGrey()) {
            if (contrast < config.minHandContrastGrey() / 4) {
                return rejected(RejectionReason.NO_HAND, "nothing stands out, contrast %.1f", contrast);
            }
            return new Trace(new Rejected(RejectionReason.TOO_DARK,
                    fmt("hand mean grey %.1f < %.1f", handMean, config.minHandMeanGrey())),
                    contourPts, tips, valleyPts, List.of(), circle, List.of());
        }
        if (contrast < config.minHandContrastGrey()) {
            return rejected(RejectionReason.NO_HAND, "nothing stands out, contrast %.1f", contrast);
        }
        if (saturated > config.maxSaturatedFraction()) {
            return new Trace(new Rejected(RejectionReason.OVEREXPOSED,
                    fmt("%.2f of the hand saturated > %.2f", saturated, config.maxSaturatedFraction())),
                    contourPts, tips, valleyPts, List.of(), circle, List.of());
        }
        if (palmRadius < config.minPalmRadiusPixels()) {
            return new Trace(new Rejected(RejectionReason.TOO_FAR,
                    fmt("palm radius %.1f px < %.1f", palmRadius, config.minPalmRadiusPixels())),
                    contourPts, tips, valleyPts, List.of(), circle, List.of());
        }

        // The palm's inscribed circle stops at the frame edge (outside the frame is background):
        // when the edge, not the hand's outline, is what limits it, the frame cuts through the
        // palm. Its radius would then be too small and, as the ROI scale uses it, so would the ROI.
        int edgeDistance = Math.min(Math.min(blob.palmX() + 1, work.width() - blob.palmX()),
                Math.min(blob.palmY() + 1, work.height() - blob.palmY()));
        if (blob.palmRadius() >= edgeDistance - 0.5) {
            return new Trace(new Rejected(RejectionReason.HAND_CUT_OFF,
                    fmt("the frame edge cuts the palm (palm circle of radius %.1f px touches it)", palmRadius)),
                    contourPts, tips, valleyPts, List.of(), circle, List.of());
        }

        // Stage 3: contour and finger valleys.
        ContourTracer.Contour contour = ContourTracer.trace(blob.mask(), work.width(), work.height());
        contourPts = toCapture(contour, null, s);
        ValleyFinder.Search search = ValleyFinder.find(contour, blob.palmX(), blob.palmY(), blob.palmRadius(),
                work.width(), work.height(), config);
        int borderPixels = borderContact(blob.mask(), work.width(), work.height());
        double borderRadii = borderPixels * s / palmRadius;
        ValleyFinder.Found found;
        switch (search) {
            case ValleyFinder.NotFound nf -> {
                boolean cut = borderRadii > config.maxWristContactPalmRadii();
                RejectionReason reason = cut ? RejectionReason.HAND_CUT_OFF : RejectionReason.FINGERS_CLOSED;
                return new Trace(new Rejected(reason, fmt("%s; %d fingertips; frame contact %.1f palm radii",
                        nf.why(), nf.fingertips(), borderRadii)), contourPts, tips, valleyPts, List.of(), circle, List.of());
            }
            case ValleyFinder.Found f -> found = f;
        }
        tips = toCapture(contour, found.tips(), s);
        valleyPts = toCapture(contour, found.valleys(), s);

        // Stage 4: palm frame on the two valley points and the ROI square below them.
        double x1 = (found.indexMiddle()[0] + 0.5) * s;
        double y1 = (found.indexMiddle()[1] + 0.5) * s;
        double x2 = (found.ringLittle()[0] + 0.5) * s;
        double y2 = (found.ringLittle()[1] + 0.5) * s;
        double d = Math.hypot(x2 - x1, y2 - y1);
        double nx = -(y2 - y1) / d;
        double ny = (x2 - x1) / d;
        if (nx * (pcx - x1) + ny * (pcy - y1) < 0) {
            nx = -nx;
            ny = -ny;
        }
        double mx = (x1 + x2) / 2;
        double my = (y1 + y2) / 2;
        // The valley line's normal leans from the palm-centre direction by a few degrees towards
        // the thumb. A much larger lean means one valley is false (a guide peg or two fingers
        // touching at the base pushed it towards the fingertips) and the frame is repaired.
        double cxm = pcx - mx;
        double cym = pcy - my;
        double tilt = Math.toDegrees(Math.atan2(nx * cym - ny * cxm, nx * cxm + ny * cym));
        if (Math.abs(tilt) > config.maxValleyTiltDegrees()) {
            // First repair: the false valley is the one further from the palm centre; the
            // middle-ring valley lies halfway between the two true ones, so extrapolate from it.
            double x3 = (found.middleRing()[0] + 0.5) * s;
            double y3 = (found.middleRing()[1] + 0.5) * s;
            if (Math.hypot(x1 - pcx, y1 - pcy) > Math.hypot(x2 - pcx, y2 - pcy)) {
                x1 = 2 * x3 - x2;
                y1 = 2 * y3 - y2;
            } else {
                x2 = 2 * x3 - x1;
                y2 = 2 * y3 - y1;
            }
            d = Math.hypot(x2 - x1, y2 - y1);
            nx = -(y2 - y1) / d;
            ny = (x2 - x1) / d;
            if (nx * (pcx - x1) + ny * (pcy - y1) < 0) {
                nx = -nx;
                ny = -ny;
            }
            mx = (x1 + x2) / 2;
            my = (y1 + y2) / 2;
            cxm = pcx - mx;
            cym = pcy - my;
            tilt = Math.toDegrees(Math.atan2(nx * cym - ny * cxm, nx * cxm + ny * cym));
        }
        if (Math.abs(tilt) > config.maxValleyTiltDegrees()) {
            // Second repair: the palm-centre direction turned back by the typical lean.
            double l = Math.hypot(cxm, cym);
            double lean = Math.toRadians(found.thumbRight() ? config.typicalValleyTiltDegrees()
                    : -config.typicalValleyTiltDegrees());
            nx = (cxm * Math.cos(-lean) - cym * Math.sin(-lean)) / l;
            ny = (cxm * Math.sin(-lean) + cym * Math.cos(-lean)) / l;
        }
        double ex = ny;
        double ey = -nx;
        // The ROI's unit length: valley distance, mixed with the (steadier) palm radius.
        double w = config.roiScalePalmRadiusWeight();
        double unit = (1 - w) * d + w * config.valleyDistancePalmRadii() * palmRadius;
        double side = config.roiSideFraction() * unit;
        double along = config.roiGapFraction() * unit + side / 2;
        double rcx = mx + nx * along;
        double rcy = my + ny * along;
        List<ImagePoint> corners = new ArrayList<>(4);
        double[][] signs = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        boolean inside = true;
        for (double[] sg : signs) {
            double px = rcx + sg[0] * ex * side / 2 + sg[1] * nx * side / 2;
            double py = rcy + sg[0] * ey * side / 2 + sg[1] * ny * side / 2;
            inside &= px >= 0 && py >= 0 && px <= width && py <= height;
            corners.add(new ImagePoint(px, py));
        }
        ImagePoint im = new ImagePoint(x1, y1);
        ImagePoint rl = new ImagePoint(x2, y2);
        List<ImagePoint> keyValleys = List.of(im, rl);
        if (!inside) {
            return new Trace(new Rejected(RejectionReason.HAND_CUT_OFF, "the palm square runs off the frame"),
                    contourPts, tips, valleyPts, keyValleys, circle, corners);
        }

        // Stage 5: sample the ROI and judge its sharpness.
        int size = config.roiSizePixels();
        byte[] roi = RoiSampler.sample(grey, width, height, rcx, rcy, ex, ey, nx, ny, side, size);
        // Sharpness is judged at the capture's own resolution: resampling to the ROI size would
        // make a far (small) palm look blurred and a near one look sharp.
        int nativeSide = Math.max(8, (int) Math.round(side));
        byte[] nativeRoi = RoiSampler.sample(grey, width, height, rcx, rcy, ex, ey, nx, ny, side, nativeSide);
        double sharpness = RoiSampler.sharpness(nativeRoi, nativeSide);
        CaptureQuality quality = new CaptureQuality(handMean, saturated, sharpness, side);
        if (sharpness < config.minRoiSharpness()) {
            return new Trace(new Rejected(RejectionReason.BLURRED,
                    fmt("sharpness %.4f < %.4f", sharpness, config.minRoiSharpness())),
                    contourPts, tips, valleyPts, keyValleys, circle, corners);
        }
        HandKeypoints keypoints = new HandKeypoints(im, rl, new ImagePoint(pcx, pcy), palmRadius,
                found.thumbRight() ? HandSide.RIGHT : HandSide.LEFT, corners);
        return new Trace(new Acquired(PalmImage.ofGrey(size, size, roi), keypoints, quality),
                contourPts, tips, valleyPts, keyValleys, circle, corners);
    }

    /** Mean grey of the hand and the share of its pixels at saturation, on the working image. */
    private double[] handLight(HandSegmenter.Working work, boolean[] mask) {
        int[] g = work.grey();
        double sum = 0;
        int n = 0;
        int sat = 0;
        for (int i = 0; i < g.length; i++) {
            if (!mask[i]) continue;
            sum += g[i];
            n++;
            if (g[i] >= config.saturatedGrey()) sat++;
        }
        return n == 0 ? new double[] {0, 0} : new double[] {sum / n, (double) sat / n};
    }

    private static int borderContact(boolean[] m, int w, int h) {
        int c = 0;
        for (int x = 0; x < w; x++) {
            if (m[x]) c++;
            if (m[(h - 1) * w + x]) c++;
        }
        for (int y = 1; y < h - 1; y++) {
            if (m[y * w]) c++;
            if (m[y * w + w - 1]) c++;
        }
        return c;
    }

    private static List<ImagePoint> toCapture(ContourTracer.Contour c, int[] indices, int s) {
        int n = indices == null ? c.size() : indices.length;
        List<ImagePoint> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = indices == null ? k : indices[k];
            out.add(new ImagePoint((c.x()[i] + 0.5) * s, (c.y()[i] + 0.5) * s));
        }
        return out;
    }

    private static Trace rejected(RejectionReason reason, String format, Object... args) {
        return new Trace(new Rejected(reason, fmt(format, args)), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
