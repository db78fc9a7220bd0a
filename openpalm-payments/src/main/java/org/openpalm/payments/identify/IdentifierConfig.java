package org.openpalm.payments.identify;

/**
 * Tuning of identification.
 *
 * @param falsePositiveIdentificationRate accepted chance that a non-enrolled palm (or the wrong
 *        person) is identified in one search; the per-comparison threshold follows from it and the
 *        gallery size (FMR = FPIR / N)
 * @param minimumFalseMatchRate the threshold never asks for an FMR below this (keeps genuine
 *        palms matching in large galleries; the hint resolves the rest)
 */
public record IdentifierConfig(double falsePositiveIdentificationRate, double minimumFalseMatchRate) {
    public static final IdentifierConfig DEFAULT = new IdentifierConfig(1e-4, 1e-7);

    public IdentifierConfig {
        if (!(falsePositiveIdentificationRate > 0 && falsePositiveIdentificationRate < 1)) throw new IllegalArgumentException("FPIR in (0,1)");
        if (!(minimumFalseMatchRate > 0 && minimumFalseMatchRate <= falsePositiveIdentificationRate)) throw new IllegalArgumentException("minimum FMR in (0, FPIR]");
    }
}
