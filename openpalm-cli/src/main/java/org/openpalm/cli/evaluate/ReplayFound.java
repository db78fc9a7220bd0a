package org.openpalm.cli.evaluate;

/**
 * A capture of the dataset that {@link org.openpalm.biometrics.ReplayGuard} took for a replay of an
 * earlier one (in manifest order).
 *
 * @param file        the capture flagged
 * @param earlierFile the capture it repeats
 * @param reason      {@code identical_bytes} or {@code near_identical_template}
 * @param score       the template score between the two, 0 to 100
 */
public record ReplayFound(String file, String earlierFile, String reason, double score) {}
