package org.openpalm.biometrics;

import java.util.Objects;

/** The outcome of {@link PalmCapture#acquire(PalmImage)}: a palm ROI, or why there is none. */
public sealed interface Acquisition {

    /**
     * A palm was found and passed the quality gate.
     *
     * @param roi       the normalised palm region: square, fingers up, grey, ready for
     *                  {@link PalmTemplate#fromRoi(PalmImage)}
     * @param keypoints where the palm was found in the capture
     * @param quality   what the quality gate measured
     */
    record Acquired(PalmImage roi, HandKeypoints keypoints, CaptureQuality quality) implements Acquisition {
        public Acquired {
            Objects.requireNonNull(roi, "roi");
            Objects.requireNonNull(keypoints, "keypoints");
            Objects.requireNonNull(quality, "quality");
        }

        /** The template of this palm. */
        public PalmTemplate template() {
            return PalmTemplate.fromRoi(roi);
        }
    }

    /**
     * No usable palm.
     *
     * @param reason why, with a shopper-facing {@link RejectionReason#message()}
     * @param detail what was measured, for logs and developers
     */
    record Rejected(RejectionReason reason, String detail) implements Acquisition {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
