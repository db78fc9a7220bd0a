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
}
