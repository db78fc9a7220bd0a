package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.ShiftMatcher;

/**
 * A probe template prepared once (its shifted copies are precomputed), then compared with any
 * number of candidates. Immutable and thread-safe: one matcher may serve many threads.
 *
 * <p>Scores run from 0 to 100; higher means more similar. {@link ScoreScale} maps a score
 * threshold to the false-match rate measured for it.
 */
public final class PalmMatcher {
    private final ShiftMatcher matcher;

    public PalmMatcher(PalmTemplate probe) {
        this.matcher = new ShiftMatcher(probe.code(), EngineConfig.DEFAULT);
    }

    /** Similarity of the candidate to the probe, 0 (unrelated) to 100 (identical). */
    public double match(PalmTemplate candidate) {
        return matcher.score(candidate.packed());
    }

    /**
     * The probe's score against one palm enrolled as several captures of the same hand (the
     * kiosk enrols 3): the best of its captures' scores. This is how the server scores an
     * enrolment: each capture is its own {@link PalmIndex} entry, compared with the probe by the
     * same shift search as here, and the enrolment ranks by its best entry. Evaluations that
     * measure the product's protocol call this rather than fusing scores themselves.
     *
     * @param captures the palm's enrolled captures, at least one
     */
    public double matchEnrolment(java.util.List<PalmTemplate> captures) {
        if (captures.isEmpty()) throw new IllegalArgumentException("an enrolment holds at least one capture");
        double best = 0;
        for (PalmTemplate capture : captures) best = Math.max(best, matcher.score(capture.packed()));
        return best;
    }
}
