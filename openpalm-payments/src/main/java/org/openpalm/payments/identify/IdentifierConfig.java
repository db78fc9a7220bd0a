package org.openpalm.payments.identify;

/**
 * Tuning of identification (see {@link IndexedPalmIdentifier} for the decision rule).
 *
 * @param falsePositiveIdentificationRate accepted chance that a non-enrolled palm is identified as
 *        someone in one search; the index derives its score threshold from it and the number of
 *        palms searched (the whole gallery, or the hint's sub-gallery)
 * @param plausibleFalsePositiveIdentificationRate the lower, "plausible" threshold: a search without
 *        a hint whose best score reaches the threshold for this (larger) FPIR, but not the match
 *        threshold, asks the shopper for the hint instead of refusing; so about this share of
 *        strangers is asked for the hint (and then still refused, by the strict threshold on the
 *        sub-gallery). Must be at least {@code falsePositiveIdentificationRate}
 * @param undecidedMarginPoints two different enrolments above the match threshold whose scores are
 *        closer than this many score points are undecided: the hint is needed. The default, 100,
 *        makes any second enrolment above the match threshold undecided: at FPIR 1e-4 a second palm
 *        that matches is a look-alike, and paying the better of the two would be a guess
 * @param fineCandidates palms ranked by the index's coarse scan that are then matched exactly
 */
public record IdentifierConfig(double falsePositiveIdentificationRate, double plausibleFalsePositiveIdentificationRate,
                               double undecidedMarginPoints, int fineCandidates) {
    public static final IdentifierConfig DEFAULT = new IdentifierConfig(1e-4, 0.05, 100.0, 256);

    public IdentifierConfig {
        if (!(falsePositiveIdentificationRate > 0 && falsePositiveIdentificationRate < 1)) throw new IllegalArgumentException("FPIR in (0,1)");
        if (!(plausibleFalsePositiveIdentificationRate >= falsePositiveIdentificationRate && plausibleFalsePositiveIdentificationRate < 1)) {
            throw new IllegalArgumentException("plausible FPIR in [FPIR, 1)");
        }
        if (!(undecidedMarginPoints >= 0)) throw new IllegalArgumentException("undecidedMarginPoints must be >= 0");
        if (fineCandidates < 1) throw new IllegalArgumentException("fineCandidates must be positive");
    }
}
