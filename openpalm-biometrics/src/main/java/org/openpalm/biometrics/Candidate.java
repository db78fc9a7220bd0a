package org.openpalm.biometrics;

/**
 * One palm of the gallery as a possible identity of the probe.
 *
 * @param id    the enrolment it came from
 * @param score similarity 0..100, as {@link PalmMatcher#match}
 */
public record Candidate(EnrolmentId id, double score) {
    public Candidate {
        if (id == null) throw new IllegalArgumentException("id is required");
        if (!(score >= 0 && score <= 100)) throw new IllegalArgumentException("score must be in 0..100: " + score);
    }
}
