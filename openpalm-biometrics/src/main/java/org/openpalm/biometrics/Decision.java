package org.openpalm.biometrics;

/**
 * What an identification concluded. Closed: a switch over it needs no {@code default}.
 */
public sealed interface Decision permits Decision.Match, Decision.NoMatch, Decision.Undecided {

    /** The best candidate reached the threshold and no other identity came close. */
    record Match(Candidate candidate) implements Decision {
        public Match {
            if (candidate == null) throw new IllegalArgumentException("candidate is required");
        }
    }

    /** No candidate reached the threshold: the probe is treated as not enrolled. */
    record NoMatch() implements Decision {}

    /**
     * The two best candidates are different enrolments, both reached the threshold and their
     * scores are within the configured margin: paying on either would be a guess. The caller
     * should ask for another capture or for the hint.
     */
    record Undecided(Candidate first, Candidate second) implements Decision {
        public Undecided {
            if (first == null || second == null) throw new IllegalArgumentException("both candidates are required");
        }
    }
}
