package org.openpalm.biometrics;

/**
 * Bounds checked before any pixel is decoded, so a hostile header (say 50,000 x 50,000)
 * is refused instead of exhausting memory.
 *
 * @param maxPixels      largest width x height accepted
 * @param maxEncodedBytes largest encoded file accepted
 */
public record ImageLimits(long maxPixels, int maxEncodedBytes) {
    /** 40 megapixels and 64 MiB: far above any palm reader, far below the heap. */
    public static final ImageLimits DEFAULT = new ImageLimits(40_000_000L, 64 << 20);

    public ImageLimits {
        if (maxPixels <= 0) throw new IllegalArgumentException("maxPixels must be positive");
        if (maxEncodedBytes <= 0) throw new IllegalArgumentException("maxEncodedBytes must be positive");
    }
}
