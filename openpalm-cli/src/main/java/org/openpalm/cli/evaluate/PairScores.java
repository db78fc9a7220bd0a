package org.openpalm.cli.evaluate;

/**
 * The score of every unordered pair of images, each compared once (the lower index is the
 * probe). A pair involving a failure to acquire holds {@link #FAILED}.
 */
public final class PairScores {
    /** Below every real score, so a failed comparison is a non-match at any threshold. */
    public static final double FAILED = Double.NEGATIVE_INFINITY;

    private final int images;
    private final double[] scores;

    /** Takes ownership of {@code scores}, laid out as {@link #index(int, int)} says. */
    PairScores(int images, double[] scores) {
        if (scores.length != pairCount(images)) {
            throw new IllegalArgumentException("expected " + pairCount(images) + " scores, got " + scores.length);
        }
        this.images = images;
        this.scores = scores;
    }

    /** Builds from a full matrix (only the upper triangle is read); for tests and small sets. */
    public static PairScores ofMatrix(double[][] matrix) {
        int n = matrix.length;
        double[] s = new double[pairCount(n)];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) s[index(n, i, j)] = matrix[i][j];
        }
        return new PairScores(n, s);
    }

    /** The pairs among these images only, renumbered 0, 1, 2... in the given order. */
    public PairScores restrictedTo(int[] kept) {
        int n = kept.length;
        double[] s = new double[pairCount(n)];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) s[index(n, i, j)] = score(kept[i], kept[j]);
        }
        return new PairScores(n, s);
    }

    public static int pairCount(int images) {
        return Math.toIntExact((long) images * (images - 1) / 2);
    }

    /** Position of pair (i, j), i < j, in row-major upper-triangle order. */
    static int index(int images, int i, int j) {
        return Math.toIntExact((long) i * (2L * images - i - 1) / 2 + (j - i - 1));
    }

    public int images() {
        return images;
    }

    /** Score of the pair, in either order; {@code i != j}. */
    public double score(int i, int j) {
        if (i == j) throw new IllegalArgumentException("an image is not paired with itself: " + i);
        return i < j ? scores[index(images, i, j)] : scores[index(images, j, i)];
    }
}
