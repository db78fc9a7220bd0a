package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.hand.CaptureConfig;
import org.openpalm.biometrics.engine.hand.HandPipeline;
import org.openpalm.biometrics.engine.hand.OverlayRenderer;

/**
 * Contactless capture: from a full-hand image (palm towards the camera, fingers spread, any
 * rotation within about 30 degrees, left or right hand) to a normalised palm ROI, through a
 * quality gate. A rejected capture carries a reason with a short message for the shopper.
 *
 * <pre>{@code
 * switch (PalmCapture.acquire(image)) {
 *     case Acquisition.Acquired a -> enrol(a.template());
 *     case Acquisition.Rejected r -> show(r.reason().message());
 * }
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class PalmCapture {
    private static final HandPipeline PIPELINE = new HandPipeline(CaptureConfig.DEFAULT);
    private static final org.openpalm.biometrics.engine.hand.LandmarkRoi LANDMARKS = new org.openpalm.biometrics.engine.hand.LandmarkRoi(CaptureConfig.DEFAULT);

    private PalmCapture() {}

    /** Finds the hand, its finger valleys and the palm square; returns the ROI or why there is none. */
    public static Acquisition acquire(PalmImage fullHand) {
        return PIPELINE.acquire(fullHand);
    }

    /**
     * The palm ROI cut from 21 hand landmarks found by a hand-landmark model (MediaPipe Hands'
     * order, in the capture's pixel coordinates) rather than from a segmented contour: for hands in
     * front of any background. The landmarks come from a client and are not trusted: the ROI must
     * lie in the frame, the hand must be open, and the pixels pass the light and sharpness gate.
     */
    public static Acquisition acquireFromLandmarks(PalmImage capture, java.util.List<ImagePoint> landmarks) {
        return LANDMARKS.acquire(capture, landmarks);
    }

    /**
     * A colour PNG of the capture with what the pipeline found drawn on it: hand contour (green),
     * palm circle (cyan), fingertips (magenta), valley points (red), ROI square (yellow, its top
     * edge orange) and the outcome.
     */
    public static byte[] debugOverlay(PalmImage fullHand) {
        return OverlayRenderer.render(fullHand, PIPELINE.run(fullHand));
    }
}
