package org.openpalm.server;

/**
 * Presentation attack detection on the palm endpoint (keys {@code pad.*}).
 *
 * @param dualBandThresholdSigmas     a visible + near-infrared pair whose liveness score
 *                                    ({@code LivenessModel}: live standard deviations) reaches
 *                                    this is an attack. Default 5: BPCER 0 (at most 0.01) and
 *                                    APCER 0 per kind on the PolyU pairs, subject-disjoint
 *                                    (docs/readme-pad.md)
 * @param singleCameraCheck           judge captures without a near-infrared frame on the visible
 *                                    frame alone (halftone, pixel grid, moire). Default off: the
 *                                    default single-camera model is fitted on reader ROIs, and a
 *                                    webcam's frames differ; turn on after refitting for the
 *                                    deployment's cameras
 * @param singleCameraThresholdSigmas threshold of that check (default 4: BPCER 0.008 on PolyU)
 * @param lockoutAfterAttacks         this many attacks in a row on one terminal pause its palm
 *                                    payments (default 3)
 * @param lockoutSeconds              for this long (default 60)
 */
public record PresentationAttackSettings(double dualBandThresholdSigmas, boolean singleCameraCheck, double singleCameraThresholdSigmas,
                                         int lockoutAfterAttacks, long lockoutSeconds) {
    public static final PresentationAttackSettings DEFAULT = new PresentationAttackSettings(5.0, false, 4.0, 3, 60);

    public PresentationAttackSettings {
        if (!(dualBandThresholdSigmas > 0) || !(singleCameraThresholdSigmas > 0)) {
            throw new IllegalArgumentException("pad thresholds must be positive");
        }
        if (lockoutAfterAttacks < 1) throw new IllegalArgumentException("pad.lockoutAfterAttacks must be at least 1");
        if (lockoutSeconds < 0) throw new IllegalArgumentException("pad.lockoutSeconds must not be negative");
    }
}
