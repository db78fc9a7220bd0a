package org.openpalm.biometrics;

/**
 * Every tuning constant of {@link PalmIndex}, in one place.
 *
 * @param targetFpir              false-positive identification rate the decision threshold aims
 *                                at, for a probe whose palm is not enrolled (see {@link ScoreScale#thresholdForIdentification})
 * @param undecidedMarginPoints   two different enrolments above the threshold closer than this
 *                                (score points) make the decision {@link Decision.Undecided}
 * @param fineCandidates          the most palms ranked by the coarse scan that are then matched
 *                                exactly; the accuracy test ({@code CoarseToFineAgreementTest}) shows
 *                                how many are needed for the top-1 to equal exhaustive search
 * @param coarseShiftRangeCells   probe translations of the coarse scan reach this far (fine cells; whole steps only)
 * @param coarseShiftStepCells    ... in steps of this many cells (2: half a coarse block is the
 *                                largest misalignment left, which the 2 x 2 block averaging absorbs)
 * @param coarseMinBlocks         a coarse translation needs this many usable 2 x 2 blocks (of 256)
 * @param segmentPalms            palms per slab segment (a multiple of the 1024-palm scan block)
 * @param minFineCandidates       the fewest palms matched exactly, however small the gallery
 * @param palmsPerFineCandidate   the shortlist grows by one palm per this many palms searched, from
 *                                {@code minFineCandidates} up to {@code fineCandidates}: the more
 *                                distractors, the more of them can outrank the mate in the coarse scan
 */
public record IndexConfig(
        double targetFpir,
        double undecidedMarginPoints,
        int fineCandidates,
        int coarseShiftRangeCells,
        int coarseShiftStepCells,
        int coarseMinBlocks,
        int segmentPalms,
        int minFineCandidates,
        int palmsPerFineCandidate) {

    /**
     * FPIR 1e-3: one stranger in a thousand would be matched to someone, before the payment
     * confirmation step. Fine candidates: 32 up to 131,072 palms searched, then one per 4,096 palms
     * up to 256 (244 at a million). The agreement test finds 32 enough at 10,000 palms on every
     * real dataset (8 is not); 256 kept the rank-1 rate at 100 % in a million synthetic palms.
     */
    public static final IndexConfig DEFAULT = new IndexConfig(1e-3, 3.0, 256, 2, 2, 64, 16_384, 32, 4_096);

    public IndexConfig {
        if (!(targetFpir > 0 && targetFpir < 1)) throw new IllegalArgumentException("targetFpir must be in (0,1)");
        if (!(undecidedMarginPoints >= 0)) throw new IllegalArgumentException("undecidedMarginPoints must be >= 0");
        if (fineCandidates < 1) throw new IllegalArgumentException("fineCandidates must be positive");
        if (coarseShiftStepCells < 1 || coarseShiftRangeCells < 0 || coarseShiftRangeCells > 8) {
            throw new IllegalArgumentException("coarse shifts: step >= 1, range 0..8");
        }
        if (coarseMinBlocks < 1 || coarseMinBlocks > 256) throw new IllegalArgumentException("coarseMinBlocks 1..256");
        if (minFineCandidates < 1 || minFineCandidates > fineCandidates) {
            throw new IllegalArgumentException("minFineCandidates must be in 1..fineCandidates");
        }
        if (palmsPerFineCandidate < 1) throw new IllegalArgumentException("palmsPerFineCandidate must be positive");
        if (segmentPalms < 1024 || segmentPalms > (1 << 20) || segmentPalms % 1024 != 0) {
            throw new IllegalArgumentException("segmentPalms: a multiple of 1024 up to 2^20");
        }
    }

    /** Exactly {@code n} fine candidates, whatever the gallery size. */
    public IndexConfig withFineCandidates(int n) {
        return new IndexConfig(targetFpir, undecidedMarginPoints, n, coarseShiftRangeCells, coarseShiftStepCells,
                coarseMinBlocks, segmentPalms, n, palmsPerFineCandidate);
    }

    /** The shortlist for a search of {@code searchedPalms} palms. */
    public int fineCandidatesFor(long searchedPalms) {
        long grown = searchedPalms / palmsPerFineCandidate;
        return (int) Math.min(fineCandidates, Math.max(minFineCandidates, grown));
    }

    public IndexConfig withTargetFpir(double fpir) {
        return new IndexConfig(fpir, undecidedMarginPoints, fineCandidates, coarseShiftRangeCells, coarseShiftStepCells,
                coarseMinBlocks, segmentPalms, minFineCandidates, palmsPerFineCandidate);
    }

    public IndexConfig withSegmentPalms(int n) {
        return new IndexConfig(targetFpir, undecidedMarginPoints, fineCandidates, coarseShiftRangeCells,
                coarseShiftStepCells, coarseMinBlocks, n, minFineCandidates, palmsPerFineCandidate);
    }

    public IndexConfig withCoarseShifts(int rangeCells, int stepCells) {
        return new IndexConfig(targetFpir, undecidedMarginPoints, fineCandidates, rangeCells, stepCells,
                coarseMinBlocks, segmentPalms, minFineCandidates, palmsPerFineCandidate);
    }
}
