package org.openpalm.biometrics;

import java.util.Objects;

/** What {@link ReplayGuard#check} concluded about one capture. Closed: switch without {@code default}. */
public sealed interface ReplayVerdict {

    /** The number the guard gave this capture (0 for its first, then 1, 2, ...). */
    long captureId();

    /** Nothing remembered is closer to this capture than live captures of one palm come. */
    record Fresh(long captureId) implements ReplayVerdict {}

    /**
     * The capture repeats an earlier one.
     *
     * @param captureId        this capture's number
     * @param reason           which rule caught it
     * @param earlierCaptureId the remembered capture it repeats (the most similar one for the
     *                         template rule)
     * @param score            the template score against that capture, 0 to 100 (100 for
     *                         identical bytes)
     */
    record Replay(long captureId, ReplayReason reason, long earlierCaptureId, double score) implements ReplayVerdict {
        public Replay {
            Objects.requireNonNull(reason, "reason");
            if (earlierCaptureId >= captureId) throw new IllegalArgumentException("the earlier capture must be earlier");
        }
    }
}
