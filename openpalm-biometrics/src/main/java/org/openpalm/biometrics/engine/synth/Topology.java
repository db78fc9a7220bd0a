package org.openpalm.biometrics.engine.synth;

/** How the head line meets the life and heart lines; the main palm-line variants seen in people. */
public enum Topology {
    /** Head and life lines start from one point on the thumb side (the common case). */
    JOINED,
    /** Head line starts above the life line, with a gap between them. */
    SEPARATE,
    /** Head line rises and crosses the heart line. */
    CROSSING,
    /** Heart and head lines are one transverse crease (single palmar crease). */
    SINGLE_TRANSVERSE
}
