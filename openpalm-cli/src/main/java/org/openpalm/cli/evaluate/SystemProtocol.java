package org.openpalm.cli.evaluate;

import java.util.Optional;

/**
 * The figures of the product's protocol ({@link SystemScores}): 3 captures enrolled per palm,
 * every later capture a probe.
 *
 * <ul>
 *   <li>verification: a probe against its own palm is genuine, against every other palm an
 *       impostor; {@code fnmrAtFmr1e4} at the smallest threshold whose FMR is at most 1e-4 (with
 *       fewer than 10,000 impostor scores that threshold accepts no impostor at all);
 *   <li>identification: {@code rank1}, a probe whose own palm scores strictly above every other
 *       palm; {@code fnirAtFpir1e2} open set as in {@link Identification}: the mated search counts
 *       only when its own palm is rank 1, the non-mated search is its best other palm.
 * </ul>
 *
 * @param palms          enrolled palms
 * @param probes         probes searched
 * @param impostorScores probe-to-other-palm scores behind the FMR
 * @param fnmrAtFmr1e4   the verification operating point
 * @param rank1          fraction of probes identified at rank 1
 * @param fnirAtFpir1e2  the open-set operating point
 */
public record SystemProtocol(int palms, int probes, int impostorScores, OperatingPoint fnmrAtFmr1e4, double rank1,
        OperatingPoint fnirAtFpir1e2) {

    /** Empty without a probe or without a second palm (no impostor). */
    public static Optional<SystemProtocol> of(SystemScores s) {
        if (s.probeSubjects().isEmpty() || s.palms().size() < 2) return Optional.empty();
        return Optional.of(of(s.palms().size(), s.genuine(), s.bestOther(), s.impostor()));
    }

    /**
     * From the scores themselves (several folds' scores are pooled this way).
     *
     * @param genuine   per probe, its own palm's score
     * @param bestOther per probe, the best other palm's score
     * @param impostor  every probe against every other palm
     */
    static SystemProtocol of(int palms, double[] genuine, double[] bestOther, double[] impostor) {
        double[] mated = new double[genuine.length];
        int hits = 0;
        for (int p = 0; p < genuine.length; p++) {
            boolean rankOne = genuine[p] > bestOther[p];
            if (rankOne) hits++;
            mated[p] = rankOne ? genuine[p] : PairScores.FAILED;
        }
        return new SystemProtocol(palms, genuine.length, impostor.length,
                Roc.of(genuine, impostor).atFmr(EvaluationReport.FMR_1E4), (double) hits / genuine.length,
                Roc.of(mated, bestOther).atFmr(Identification.TARGET_FPIR));
    }
}
