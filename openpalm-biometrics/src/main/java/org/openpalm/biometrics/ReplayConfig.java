package org.openpalm.biometrics;

/**
 * Every tuning constant of {@link ReplayGuard}, in one place.
 *
 * <p><b>Measurement</b> behind {@link #DEFAULT}: the highest score between two different live
 * captures of the same palm (different bytes), over every genuine pair of every shared dataset,
 * templates made as {@code ./openpalm evaluate} makes them (full hands through
 * {@link PalmCapture}, ROI sets through {@link PalmTemplate#fromRoi}):
 * <table>
 *   <caption>Highest genuine score between different captures</caption>
 *   <tr><th>dataset</th><th>highest</th></tr>
 *   <tr><td>tongji-roi (consecutive frames of one session)</td><td>95.7</td></tr>
 *   <tr><td>coep</td><td>92.1</td></tr>
 *   <tr><td>polyu-ms-nir-roi</td><td>88.1</td></tr>
 *   <tr><td>polyu-ms-green-roi</td><td>86.8</td></tr>
 *   <tr><td>casia-ms-940</td><td>83.7</td></tr>
 * </table>
 * A replayed frame re-encoded without loss (decoded, written again as PNG) scores 100; re-encoded
 * as JPEG at quality 0.95 it scored 96.5 to 100 on casia-ms-940, coep, tongji-roi and
 * polyu-ms-nir-roi, mostly above 98. Lossier copies (JPEG 0.8, +-2 grey of noise) fall to 60-97,
 * into the live range: those the template rule cannot separate from a live capture, and it does
 * not try (the byte rule and the reader's own liveness checks remain).
 *
 * @param windowCaptures      how many recent captures are remembered (oldest forgotten first):
 *                            bounds memory (about 1.3 KB a capture) and the check's time (one
 *                            comparison, about 1.5 us, per remembered capture)
 * @param minReplayScorePoints a template scoring at least this against a remembered one is a
 *                            replay: 98, above the highest live pair measured (95.7) by a margin
 *                            of 2.3 points
 * @param minIdentityScorePoints only a remembered capture scoring at least this against the new one
 *                            as the two lie (no alignment search, one XOR and popcount pass, about
 *                            0.1 us) is compared with the full search: a replayed frame gives the
 *                            same ROI and so the same alignment (re-encoded copies that reach 98
 *                            at their best alignment score above 90 as they lie), while two live
 *                            captures rarely score 60 unaligned. 60 keeps every replay the full
 *                            search would find except an ROI deliberately shifted by whole cells
 * @param searchShiftCells    the alignment search for a replay: translations of up to this many
 *                            cells each way, no rotation. 1: the ROI of a re-encoded frame moves
 *                            by less than a pixel (a cell is 4), and an ROI shifted by whole cells
 *                            is already left out by the unaligned pre-check above. The replays of
 *                            the measurements above (PNG and JPEG 0.95 copies) score the same
 *                            with this search as with the identification search (3 cells, 7
 *                            rotations), which costs about 5 times as much per remembered capture
 */
public record ReplayConfig(int windowCaptures, double minReplayScorePoints, double minIdentityScorePoints,
                           int searchShiftCells) {

    private static final double DEFAULT_MIN_IDENTITY_SCORE_POINTS = 60.0;
    private static final int DEFAULT_SEARCH_SHIFT_CELLS = 1;

    public static final ReplayConfig DEFAULT =
            new ReplayConfig(1024, 98.0, DEFAULT_MIN_IDENTITY_SCORE_POINTS, DEFAULT_SEARCH_SHIFT_CELLS);

    public ReplayConfig(int windowCaptures, double minReplayScorePoints) {
        this(windowCaptures, minReplayScorePoints, DEFAULT_MIN_IDENTITY_SCORE_POINTS, DEFAULT_SEARCH_SHIFT_CELLS);
    }

    public ReplayConfig {
        if (windowCaptures < 1) throw new IllegalArgumentException("windowCaptures must be positive");
        if (!(minReplayScorePoints > 0 && minReplayScorePoints <= 100)) {
            throw new IllegalArgumentException("minReplayScorePoints must be in (0,100]");
        }
        if (!(minIdentityScorePoints >= 0 && minIdentityScorePoints <= minReplayScorePoints)) {
            throw new IllegalArgumentException("minIdentityScorePoints must be in [0, minReplayScorePoints]");
        }
        if (searchShiftCells < 0 || searchShiftCells > 3) throw new IllegalArgumentException("searchShiftCells must be in 0..3");
    }

    public ReplayConfig withWindowCaptures(int captures) {
        return new ReplayConfig(captures, minReplayScorePoints, minIdentityScorePoints, searchShiftCells);
    }
}
