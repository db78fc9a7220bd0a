package org.openpalm.biometrics.engine.hand;

/**
 * Every tuning constant of full-hand capture (segmentation, valley keypoints, ROI, quality gate),
 * in one place. One configuration serves every capture: nothing is chosen per dataset or image.
 * Lengths are in pixels of the full-resolution capture unless named otherwise; fractions of the
 * palm radius or of the valley distance keep the pipeline independent of hand distance.
 *
 * @param minFrameSidePixels          a frame with a shorter side cannot hold a hand whose palm passes
 *                                    {@code minPalmRadiusPixels}: refused before segmentation
 * @param maxFrameAspectRatio         a frame whose longer side exceeds the shorter this many times is a
 *                                    strip, not a camera frame (cameras give 4:3 to 16:9): refused before
 *                                    segmentation, whose downscaled copy of a 4,000,000 x 1 strip would
 *                                    have no rows at all
 * @param maxWorkingSidePixels        segmentation runs on a box-downscaled copy whose longer side is
 *                                    at most this; a hand outline needs no more, and it keeps the
 *                                    pipeline well inside its time budget
 * @param minImageStdGrey             below this grey standard deviation the frame is uniform: no hand
 * @param minHandContrastGrey         Otsu foreground mean minus background mean below this: nothing
 *                                    stands out from the background
 * @param minHandAreaFraction         the hand blob must cover at least this share of the frame
 * @param segmentationBlurWorkingPixels box-blur radius (working pixels) before thresholding: dark
 *                                    creases at finger joints must not cut fingers off the hand
 * @param thresholdFraction           hand threshold between the background and hand grey means of Otsu's
 *                                    split (0.5 is about Otsu's own threshold)
 * @param maxHoleAreaFraction         enclosed background up to this share of the frame is a hole and
 *                                    filled; larger is the gap between fingers touching at the tips
 * @param openingPalmRadii            radius of the morphological opening, in palm radii: removes guide
 *                                    pegs, cables and reflections touching the hand, keeps fingers
 * @param minPalmRadiusPixels         palm inscribed-circle radius below this: hand too far away (the
 *                                    smallest seen in the development captures is 106; at 60 the ROI
 *                                    is still about 70 pixels wide)
 * @param minHandMeanGrey             mean grey of the hand below this: too dark for palm lines
 * @param saturatedGrey               grey level counted as saturated
 * @param maxSaturatedFraction        share of saturated hand pixels above which the capture is overexposed
 * @param maxWristContactPalmRadii   when no valleys are found, frame contact longer than this (in palm
 *                                    radii) means more than a wrist leaves the frame: the hand is cut off
 * @param profileSmoothingWorkingPixels half-window of the moving average on the contour's radial profile
 * @param fingerProminenceFraction    a fingertip must rise this much (fraction of palm radius) above
 *                                    the valleys either side of it on the radial profile
 * @param minTipPalmRadii            a fingertip lies at least this far from the palm centre, in palm radii
 *                                    (fingers and thumb reach beyond 2; bumps of clutter on the hand do not)
 * @param maxFingerWidthPalmRadii    a run along the frame edge shorter than this (palm radii) is a
 *                                    finger crossing the edge, not the wrist
 * @param thumbGapRatio              an outer angular gap of a valley triple's four tips (seen from the palm
 *                                    centre) this many times the middle gap means the triple reaches the thumb
 * @param valleySpacingPalmRadii     typical distance between neighbouring finger valleys, in palm radii
 *                                    (about 0.55 on adult hands); ranks candidate valley triples
 * @param valleyCupFraction           contour points within this (fraction of palm radius) of a valley's
 *                                    deepest point form its cup, used for the tangent line
 * @param maxValleyTiltDegrees       largest lean of the valley line's normal from the direction to the palm
 *                                    centre (natural lean: up to about 17 degrees towards the thumb)
 * @param typicalValleyTiltDegrees   the median of that lean (measured: 6 degrees, towards the thumb), used
 *                                    when both valleys cannot be trusted
 * @param roiGapFraction              gap between the valley tangent line and the ROI's top edge, as a
 *                                    fraction of the valley distance
 * @param roiSideFraction             ROI side as a fraction of the valley distance
 * @param roiScalePalmRadiusWeight    the ROI's unit length (which roiGapFraction and roiSideFraction
 *                                    scale) mixes the valley distance (weight 1 - w) and the palm
 *                                    radius times valleyDistancePalmRadii (weight w): the inscribed
 *                                    circle moves less between captures of one hand than a valley
 *                                    point does (issue 13)
 * @param valleyDistancePalmRadii     the typical valley distance in palm radii, converting the palm
 *                                    radius into the valley-distance unit
 * @param roiSizePixels               side of the normalised ROI image
 * @param minRoiSharpness             mean absolute grey gradient of the ROI (at capture resolution) over its
 *                                    mean grey, below which the capture is blurred (sharp development
 *                                    captures: 0.0067 and up; a Gaussian blur of sigma 4 pixels brings
 *                                    most under 0.0055)
 */
public record CaptureConfig(
        int minFrameSidePixels,
        double maxFrameAspectRatio,
        int maxWorkingSidePixels,
        double minImageStdGrey,
        double minHandContrastGrey,
        double minHandAreaFraction,
        int segmentationBlurWorkingPixels,
        double thresholdFraction,
        double maxHoleAreaFraction,
        double openingPalmRadii,
        double minPalmRadiusPixels,
        double minHandMeanGrey,
        int saturatedGrey,
        double maxSaturatedFraction,
        double maxWristContactPalmRadii,
        int profileSmoothingWorkingPixels,
        double fingerProminenceFraction,
        double minTipPalmRadii,
        double maxFingerWidthPalmRadii,
        double thumbGapRatio,
        double valleySpacingPalmRadii,
        double valleyCupFraction,
        double maxValleyTiltDegrees,
        double typicalValleyTiltDegrees,
        double roiGapFraction,
        double roiSideFraction,
        double roiScalePalmRadiusWeight,
        double valleyDistancePalmRadii,
        int roiSizePixels,
        double minRoiSharpness) {

    public static final CaptureConfig DEFAULT = new CaptureConfig(
            120, 4.0,
            400, 4.0, 20.0, 0.01, 0, 0.4, 0.0005, 0.1,
            60.0, 45.0, 250, 0.2, 4.0,
            2, 0.35, 1.0, 0.7, 3.8, 0.55, 0.25,
            22.0, 6.0, 0.2, 1.1, 0.75, 1.12, 128,
            0.0058);

    /** The same configuration with another ROI scale mix (for measuring it). */
    public CaptureConfig withRoiScale(double palmRadiusWeight, double valleyDistanceInPalmRadii) {
        return new CaptureConfig(minFrameSidePixels, maxFrameAspectRatio, maxWorkingSidePixels, minImageStdGrey, minHandContrastGrey, minHandAreaFraction,
                segmentationBlurWorkingPixels, thresholdFraction, maxHoleAreaFraction, openingPalmRadii,
                minPalmRadiusPixels, minHandMeanGrey, saturatedGrey, maxSaturatedFraction, maxWristContactPalmRadii,
                profileSmoothingWorkingPixels, fingerProminenceFraction, minTipPalmRadii, maxFingerWidthPalmRadii,
                thumbGapRatio, valleySpacingPalmRadii, valleyCupFraction, maxValleyTiltDegrees, typicalValleyTiltDegrees,
                roiGapFraction, roiSideFraction, palmRadiusWeight, valleyDistanceInPalmRadii, roiSizePixels,
                minRoiSharpness);
    }

    public CaptureConfig {
        if (minFrameSidePixels < 1) throw new IllegalArgumentException("minFrameSidePixels must be positive");
        if (!(maxFrameAspectRatio >= 1)) throw new IllegalArgumentException("maxFrameAspectRatio must be at least 1");
        if (maxWorkingSidePixels < 64) throw new IllegalArgumentException("maxWorkingSidePixels must be >= 64");
        if (roiSizePixels < 16) throw new IllegalArgumentException("roiSizePixels must be >= 16");
        if (roiSideFraction <= 0) throw new IllegalArgumentException("roiSideFraction must be positive");
        if (roiScalePalmRadiusWeight < 0 || roiScalePalmRadiusWeight > 1) {
            throw new IllegalArgumentException("roiScalePalmRadiusWeight must be in [0,1]");
        }
        if (valleyDistancePalmRadii <= 0) throw new IllegalArgumentException("valleyDistancePalmRadii must be positive");
    }
}
