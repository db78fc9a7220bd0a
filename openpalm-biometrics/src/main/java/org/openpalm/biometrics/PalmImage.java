package org.openpalm.biometrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.openpalm.biometrics.engine.ImageCodec;

/**
 * An 8-bit grey image, row-major, immutable. Colour input is converted to grey (ITU-R BT.601
 * luma) when decoded.
 */
public final class PalmImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    private PalmImage(int width, int height, byte[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** Decodes PNG, JPEG or BMP bytes within {@link ImageLimits#DEFAULT}. */
    public static PalmImage decode(byte[] encoded) throws PalmImageException {
        return decode(encoded, ImageLimits.DEFAULT);
    }

    /**
     * Decodes PNG, JPEG or BMP bytes. The header is read first and the image refused before
     * any pixel buffer is allocated when it exceeds {@code limits}.
     */
    public static PalmImage decode(byte[] encoded, ImageLimits limits) throws PalmImageException {
        ImageCodec.Grey grey = ImageCodec.decodeGrey(encoded, limits);
        return new PalmImage(grey.width(), grey.height(), grey.pixels());
    }

    /** Wraps grey pixels (copied), {@code width * height} bytes, row-major. */
    public static PalmImage ofGrey(int width, int height, byte[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive: " + width + "x" + height);
        }
        if ((long) width * height != pixels.length) {
            throw new IllegalArgumentException(
                    "expected " + (long) width * height + " pixels for " + width + "x" + height + ", got " + pixels.length);
        }
        return new PalmImage(width, height, pixels.clone());
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Grey value 0..255 at column {@code x}, row {@code y}. */
    public int grey(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + y + ") outside " + width + "x" + height);
        }
        return pixels[y * width + x] & 0xFF;
    }

    /** A copy of the pixels, row-major. */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Encodes this image as a grey PNG. */
    public byte[] toPng() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageCodec.writeGreyPng(width, height, pixels, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PalmImage other
                && other.width == width
                && other.height == height
                && Arrays.equals(other.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "PalmImage[" + width + "x" + height + "]";
    }
}
