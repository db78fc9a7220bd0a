package org.openpalm.cli.evaluate;

/**
 * Every tuning parameter of the evaluation, in one place.
 *
 * @param threads                        worker threads for extraction and scoring
 * @param matchTimingBatches             timed batches of comparisons; the median batch is reported
 * @param matchTimingComparisonsPerBatch comparisons per timed batch, enough to dwarf the timer's
 *                                       own resolution
 * @param progressRedrawMillis           least time between two redraws of a progress bar
 * @param detWidthPixels                 width of det.png
 * @param detHeightPixels                height of det.png
 * @param roiMaxSidePixels               with {@code --input auto}, a square image up to this side is
 *                                       taken as a palm ROI, anything else as a full-hand capture
 */
public record EvaluationConfig(
        int threads,
        int matchTimingBatches,
        int matchTimingComparisonsPerBatch,
        long progressRedrawMillis,
        int detWidthPixels,
        int detHeightPixels,
        int roiMaxSidePixels) {

    public static EvaluationConfig defaults() {
        return new EvaluationConfig(Runtime.getRuntime().availableProcessors(), 31, 2_000, 100, 900, 720, 256);
    }

    public EvaluationConfig {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        if (matchTimingBatches < 1) throw new IllegalArgumentException("matchTimingBatches must be at least 1");
        if (matchTimingComparisonsPerBatch < 1) {
            throw new IllegalArgumentException("matchTimingComparisonsPerBatch must be at least 1");
        }
        if (progressRedrawMillis < 0) throw new IllegalArgumentException("progressRedrawMillis must be >= 0");
        if (detWidthPixels < 300 || detHeightPixels < 240) {
            throw new IllegalArgumentException("det.png needs at least 300 x 240 pixels");
        }
    }

    public EvaluationConfig withThreads(int count) {
        return new EvaluationConfig(count, matchTimingBatches, matchTimingComparisonsPerBatch, progressRedrawMillis,
                detWidthPixels, detHeightPixels, roiMaxSidePixels);
    }
}
