package org.openpalm.biometrics.engine.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes grey pixels as JPEG and decodes them again, so synthetic images carry the block and
 * ringing artefacts of a real capture pipeline. Memory-cached streams: no temporary files.
 */
final class JpegRoundTrip {
    private JpegRoundTrip() {}

    static byte[] apply(byte[] grey, int width, int height, double quality) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(grey, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, grey.length);
        try {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            ImageWriter writer = first(ImageIO.getImageWritersByFormatName("jpeg"), "writer");
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(encoded)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality((float) quality);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            ImageReader reader = first(ImageIO.getImageReadersByFormatName("jpeg"), "reader");
            try (MemoryCacheImageInputStream in =
                         new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded.toByteArray()))) {
                reader.setInput(in, true, true);
                BufferedImage decoded = reader.read(0);
                byte[] out = new byte[width * height];
                decoded.getRaster().getDataElements(0, 0, width, height, out);
                return out;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Only memory streams are involved: an I/O failure here is a JDK defect, not input.
            throw new UncheckedIOException("in-memory JPEG round trip failed", e);
        }
    }

    private static <T> T first(Iterator<T> candidates, String what) {
        if (!candidates.hasNext()) throw new IllegalStateException("the JDK has no JPEG " + what);
        return candidates.next();
    }
}
