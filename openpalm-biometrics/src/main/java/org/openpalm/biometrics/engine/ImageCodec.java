package org.openpalm.biometrics.engine;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.openpalm.biometrics.ImageLimits;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmImageException.Reason;

/** Decoding with the JDK's image readers, guarded so hostile input fails fast and small. */
public final class ImageCodec {
    private static final java.util.Set<String> ACCEPTED_FORMATS = java.util.Set.of("PNG", "JPEG", "JPG", "BMP");

    private ImageCodec() {}

    /** Decoded grey pixels. */
    public record Grey(int width, int height, byte[] pixels) {}

    public static Grey decodeGrey(byte[] encoded, ImageLimits limits) throws PalmImageException {
        if (encoded == null || encoded.length == 0) {
            throw new PalmImageException(Reason.EMPTY, "image is empty (0 bytes)");
        }
        if (encoded.length > limits.maxEncodedBytes()) {
            throw new PalmImageException(Reason.TOO_LARGE,
                    "image file is " + encoded.length + " bytes, limit " + limits.maxEncodedBytes());
        }
        checkDeclaredSize(encoded, limits);
        // The bytes are in memory already: ImageIO.createImageInputStream would, by default,
        // cache the stream in a new temporary file for every decode (a file created and deleted
        // per palm capture on the payment path).
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new PalmImageException(Reason.NOT_AN_IMAGE, "not a PNG, JPEG or BMP image");
        }
        ImageReader reader = readers.next();
        String format = reader.getOriginatingProvider() == null
                ? "image" : reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(java.util.Locale.ROOT);
        // Only the formats palm readers and datasets use. The JDK also reads GIF, TIFF and WBMP,
        // whose reader takes almost any bytes starting with two zeros for an image.
        if (!ACCEPTED_FORMATS.contains(format)) {
            reader.dispose();
            throw new PalmImageException(Reason.NOT_AN_IMAGE, format + " is not accepted: PNG, JPEG or BMP");
        }
        try {
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new PalmImageException(Reason.NOT_AN_IMAGE,
                        "image header of " + format + " could not be read: " + e.getMessage(), e);
            }
            checkSize(width, height, limits);
            // The JPEG reader reports a file cut short as a warning and fills the rest with grey;
            // a palm reader never sends such a frame, so it is refused.
            StringBuilder warnings = new StringBuilder();
            IIOReadWarningListener listener = (source, warning) -> warnings.append(warning).append("; ");
            reader.addIIOReadWarningListener(listener);
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw new PalmImageException(Reason.TRUNCATED,
                        format + " pixel data is truncated or corrupt: " + e.getMessage(), e);
            }
            if (!warnings.isEmpty()) {
                throw new PalmImageException(Reason.TRUNCATED,
                        format + " pixel data is truncated or corrupt: " + warnings);
            }
            return new Grey(width, height, toGrey(image));
        } finally {
            reader.dispose();
            try {
                in.close();
            } catch (IOException ignored) {
                // in-memory stream: nothing to release
            }
        }
    }

    /**
     * PNG (IHDR) and BMP (BITMAPINFOHEADER) state their size at fixed offsets; checking it here
     * names the reason (too large) even where the JDK reader would refuse such a header with a
     * generic error. JPEG sizes are checked after the reader has parsed the frame header.
     */
    private static void checkDeclaredSize(byte[] b, ImageLimits limits) throws PalmImageException {
        long width;
        long height;
        if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            width = java.nio.ByteBuffer.wrap(b, 16, 4).getInt() & 0xFFFF_FFFFL;
            height = java.nio.ByteBuffer.wrap(b, 20, 4).getInt() & 0xFFFF_FFFFL;
        } else if (b.length >= 26 && b[0] == 'B' && b[1] == 'M'
                && java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(14) >= 40) {
            // BITMAPINFOHEADER or later (the old 12-byte core header keeps 16-bit sizes elsewhere)
            java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            width = Math.abs((long) le.getInt(18));
            height = Math.abs((long) le.getInt(22)); // negative height: rows stored top-down
        } else {
            return;
        }
        checkSize(width, height, limits);
    }

    /** Size and shape, from the header, before any pixel buffer exists. */
    private static void checkSize(long width, long height, ImageLimits limits) throws PalmImageException {
        if (width <= 0 || height <= 0) {
            throw new PalmImageException(Reason.EMPTY, "image has zero size: " + width + "x" + height);
        }
        // sides of up to 2^32 - 1 (PNG): their product could overflow a long, a quotient cannot
        if (width > limits.maxPixels() / height) {
            throw new PalmImageException(Reason.TOO_LARGE, "image is " + width + "x" + height
                    + " = " + java.math.BigInteger.valueOf(width).multiply(java.math.BigInteger.valueOf(height))
                    + " pixels, limit " + limits.maxPixels());
        }
        if (!limits.allowsShape(width, height)) {
            throw new PalmImageException(Reason.DEGENERATE_SHAPE, "image is " + width + "x" + height + ": sides of at least "
                    + limits.minSidePixels() + " pixels and a ratio of at most " + limits.maxAspectRatio() + " are needed");
        }
    }

    private static byte[] toGrey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] grey = new byte[w * h];
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // Read the raster directly: getRGB() would convert linear grey to sRGB and alter values.
            Raster raster = image.getRaster();
            raster.getDataElements(0, 0, w, h, grey);
            return grey;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int r = (rgb >>> 16) & 0xFF;
                int g = (rgb >>> 8) & 0xFF;
                int b = rgb & 0xFF;
                // ITU-R BT.601 luma in fixed point.
                grey[y * w + x] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
            }
        }
        return grey;
    }

    public static void writeGreyPng(int width, int height, byte[] pixels, OutputStream out) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, data, 0, pixels.length);
        // in memory, not through a temporary cache file (see decodeGrey)
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IOException("no PNG writer available");
            }
        }
    }
}
