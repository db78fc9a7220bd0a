package org.openpalm.biometrics;

/**
 * The measurements the quality gate judged a capture on.
 *
 * @param handMeanGrey       mean grey level of the hand, 0..255
 * @param saturatedFraction  share of hand pixels at the saturation level
 * @param blurEffect         no-reference blur effect of the ROI (Crete-Roffet et al. 2007): 0 sharp, 1 flat
 * @param roiSidePixels      side of the ROI square in capture pixels (the palm's size on the sensor)
 */
public record CaptureQuality(double handMeanGrey, double saturatedFraction, double blurEffect, double roiSidePixels) {}
