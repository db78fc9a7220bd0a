package org.openpalm.cli.evaluate;

/**
 * One decision threshold and the error rates it gives. A comparison is a match when its score is
 * at least {@code threshold}.
 *
 * @param threshold score threshold; {@code +Infinity} rejects everything
 * @param fmr       false match rate: fraction of impostor scores at or above the threshold
 * @param fnmr      false non-match rate: fraction of genuine scores below the threshold
 */
public record OperatingPoint(double threshold, double fmr, double fnmr) {}
