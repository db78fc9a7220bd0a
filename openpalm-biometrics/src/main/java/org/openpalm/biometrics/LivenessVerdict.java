package org.openpalm.biometrics;

/** What {@link LivenessDetector} made of a presentation. */
public sealed interface LivenessVerdict {
    /** The score (live standard deviations away from live, see {@link LivenessModel}). */
    double score();

    /** The threshold the score was compared with. */
    double threshold();

    /** Whether both bands were judged (dual camera) or the visible frame alone. */
    boolean dualBand();

    /** Nothing far from a live hand. */
    record Live(double score, double threshold, boolean dualBand) implements LivenessVerdict {}

    /** Judged an artefact: {@code strongestCue} is the cue farthest from live. */
    record PresentationAttack(double score, double threshold, boolean dualBand, String strongestCue) implements LivenessVerdict {}
}
