package org.openpalm.biometrics;

/**
 * Bounds checked before any pixel is decoded, so a hostile header (say 50,000 x 50,000, or
 * 4,000,000 x 1) is refused instead of exhausting memory or reaching the pipeline.
 *
 * @param maxPixels       largest width x height accepted
 * @param maxEncodedBytes largest encoded file accepted
 * @param minSidePixels   smallest width and height accepted: a palm needs room for its lines
 * @param maxAspectRatio  largest ratio of the longer side to the shorter one: a camera frame or a
 *                        palm square is nowhere near a strip of pixels
 */
public record ImageLimits(long maxPixels, int maxEncodedBytes, int minSidePixels, double maxAspectRatio) {
    /**
     * 40 megapixels and 64 MiB, far above any palm reader and far below the heap; at least 8
     * pixels a side and at most 16:1, which only a degenerate image breaks.
     */
    public static final ImageLimits DEFAULT = new ImageLimits(40_000_000L, 64 << 20);

    public ImageLimits {
        if (maxPixels <= 0) throw new IllegalArgumentException("maxPixels must be positive");
        if (maxEncodedBytes <= 0) throw new IllegalArgumentException("maxEncodedBytes must be positive");
        if (minSidePixels < 1) throw new IllegalArgumentException("minSidePixels must be at least 1");
        if (!(maxAspectRatio >= 1)) throw new IllegalArgumentException("maxAspectRatio must be at least 1");
    }

    /** Size limits with the default shape limits (8 pixels a side, 16:1). */
    public ImageLimits(long maxPixels, int maxEncodedBytes) {
        this(maxPixels, maxEncodedBytes, 8, 16.0);
    }

    /** Whether a {@code width x height} image has a usable shape (both sides positive). */
    public boolean allowsShape(long width, long height) {
        long shorter = Math.min(width, height);
        long longer = Math.max(width, height);
        return shorter >= minSidePixels && longer <= maxAspectRatio * shorter;
    }
}
