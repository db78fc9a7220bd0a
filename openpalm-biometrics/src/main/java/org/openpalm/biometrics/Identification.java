package org.openpalm.biometrics;

import java.util.List;

/**
 * The result of {@link PalmIndex#identify}: the best candidates and the decision taken on them.
 *
 * @param candidates     up to k candidates, best first (empty when nothing was searched)
 * @param decision       match, no match or undecided
 * @param thresholdScore the score a candidate needed for a match: {@link ScoreScale#thresholdFor}
 *                       of the target FPIR and {@code searchedPalms}
 * @param searchedPalms  how many palms were searched (the hint's sub-gallery, or all)
 */
public record Identification(List<Candidate> candidates, Decision decision, double thresholdScore, int searchedPalms) {
    public Identification {
        candidates = List.copyOf(candidates);
        if (decision == null) throw new IllegalArgumentException("decision is required");
    }
}
