package org.openpalm.cli.evaluate;

/**
 * Equal error rate on the ROC convex hull.
 *
 * @param rate      the rate at which FMR and FNMR are equal, a fraction in [0, 0.5]
 * @param threshold score threshold at that point, interpolated between the two hull vertices'
 *                  thresholds (the hull point itself is reached by mixing those two thresholds);
 *                  NaN when neither vertex has a finite threshold
 */
public record Eer(double rate, double threshold) {}
