package org.openpalm.biometrics;

/**
 * The measurements the quality gate judged a capture on.
 *
 * @param handMeanGrey       mean grey level of the hand, 0..255
 * @param saturatedFraction  share of hand pixels at the saturation level
 * @param sharpness          mean absolute grey gradient of the ROI over its mean grey (blur lowers it)
 * @param roiSidePixels      side of the ROI square in capture pixels (the palm's size on the sensor)
 */
public record CaptureQuality(double handMeanGrey, double saturatedFraction, double sharpness, double roiSidePixels) {}
