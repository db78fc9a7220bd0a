package org.openpalm.biometrics;

/**
 * An image that cannot be used: not an image, cut short, empty, larger than allowed, or of a
 * shape no palm fits in.
 * The {@link #reason()} is a closed set so callers can map it to a user-facing message.
 */
public final class PalmImageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an image was refused. */
    public enum Reason {
        /** No bytes, or a width or height of zero. */
        EMPTY,
        /** The bytes are not a PNG, JPEG or BMP image. */
        NOT_AN_IMAGE,
        /** The header is valid but the pixel data ends early or is corrupt. */
        TRUNCATED,
        /** More pixels, or more encoded bytes, than {@link ImageLimits} allows. */
        TOO_LARGE,
        /**
         * A side shorter, or a ratio of the sides larger, than {@link ImageLimits} allows (a strip
         * such as 4,000,000 x 1, or a 1 x 1 dot): no palm fits in it.
         */
        DEGENERATE_SHAPE
    }

    private final Reason reason;

    public PalmImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PalmImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
