package org.openpalm.biometrics;

import java.util.List;

/**
 * Where the palm was found in a full-hand capture, in the capture's pixel coordinates.
 *
 * @param indexMiddleValley the tangent point of the valley between index and middle finger
 * @param ringLittleValley  the tangent point of the valley between ring and little finger
 * @param palmCentre        centre of the largest circle inscribed in the hand
 * @param palmRadiusPixels  radius of that circle
 * @param handSide          left or right hand, from the side the thumb is on
 * @param roiCorners        the ROI square, clockwise from the top-left corner of the ROI image
 *                          (the corner nearest the index-middle valley for a right hand)
 */
public record HandKeypoints(
        ImagePoint indexMiddleValley,
        ImagePoint ringLittleValley,
        ImagePoint palmCentre,
        double palmRadiusPixels,
        HandSide handSide,
        List<ImagePoint> roiCorners) {

    public HandKeypoints {
        roiCorners = List.copyOf(roiCorners);
        if (roiCorners.size() != 4) throw new IllegalArgumentException("an ROI square has 4 corners");
    }

    /** Distance between the two valley points: the palm's scale. */
    public double valleyDistancePixels() {
        return indexMiddleValley.distanceTo(ringLittleValley);
    }

    /** Side of the ROI square in capture pixels. */
    public double roiSidePixels() {
        return roiCorners.get(0).distanceTo(roiCorners.get(1));
    }

    /** Rotation of the palm in degrees: 0 when the fingers point up, positive clockwise. */
    public double rotationDegrees() {
        ImagePoint a = roiCorners.get(0);
        ImagePoint b = roiCorners.get(1);
        return Math.toDegrees(Math.atan2(b.y() - a.y(), b.x() - a.x()));
    }
}
