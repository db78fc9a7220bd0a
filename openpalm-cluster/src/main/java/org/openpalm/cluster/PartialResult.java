package org.openpalm.cluster;

import java.io.Serializable;

/**
 * One member's answer to a scattered search: its best candidates (index entry ids, scores best
 * first), the partitions it searched, and how many palms those held (with the hint: of that hint).
 */
record PartialResult(String member, String[] ids, double[] scores, int[] partitions, long searchedPalms) implements Serializable {}
