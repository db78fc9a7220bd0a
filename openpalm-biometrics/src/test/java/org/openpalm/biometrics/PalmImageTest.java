package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PalmImageTest {

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("writer for " + format).isTrue();
        return out.toByteArray();
    }

    private static BufferedImage colourGradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) image.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
        }
        return image;
    }

    private static BufferedImage greyGradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) image.getRaster().setSample(x, y, 0, (x + y) % 256);
        }
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp"})
    void decodesColourImagesToGrey(String format) throws Exception {
        PalmImage image = PalmImage.decode(encode(colourGradient(64, 48), format));
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(48);
        // pixel (0,0) is rgb(0,0,128): luma 0.114 * 128 = 15 (JPEG is lossy, so a tolerance)
        assertThat(image.grey(0, 0)).isBetween(10, 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp"})
    void greyImagesKeepTheirValuesExactly(String format) throws Exception {
        PalmImage image = PalmImage.decode(encode(greyGradient(40, 30), format));
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) assertThat(image.grey(x, y)).isEqualTo((x + y) % 256);
        }
    }

    @Test
    void pngRoundTripIsLossless() throws Exception {
        byte[] pixels = new byte[20 * 10];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 7);
        PalmImage image = PalmImage.ofGrey(20, 10, pixels);
        assertThat(PalmImage.decode(image.toPng())).isEqualTo(image);
    }

    @Test
    void emptyBytesAreRefused() {
        assertThatThrownBy(() -> PalmImage.decode(new byte[0]))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PalmImageException.Reason.EMPTY));
    }

    @Test
    void textIsNotAnImage() {
        assertThatThrownBy(() -> PalmImage.decode("hello, this is not a palm".getBytes()))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PalmImageException.Reason.NOT_AN_IMAGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp"})
    void truncatedFilesAreRefused(String format) throws Exception {
        byte[] whole = encode(colourGradient(200, 150), format);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> PalmImage.decode(cut))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isIn(
                                PalmImageException.Reason.TRUNCATED, PalmImageException.Reason.NOT_AN_IMAGE));
    }

    @Test
    @Timeout(5)
    void pngHeaderClaimingFiftyThousandSquaredIsRefusedBeforeDecoding() {
        assertRefused(pngHeaderOnly(50_000, 50_000), ImageLimits.DEFAULT, PalmImageException.Reason.TOO_LARGE, "50000x50000");
    }

    @Test
    @Timeout(5)
    void bmpHeaderClaimingFiftyThousandSquaredIsRefusedBeforeDecoding() {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54 + 3 * 50_000 * 50_000).putInt(0).putInt(54);
        bmp.putInt(40).putInt(50_000).putInt(50_000).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        assertThatThrownBy(() -> PalmImage.decode(bmp.array()))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PalmImageException.Reason.TOO_LARGE));
    }

    @Test
    void zeroWidthHeaderIsRefused() {
        assertThatThrownBy(() -> PalmImage.decode(pngHeaderOnly(0, 10)))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isIn(
                                PalmImageException.Reason.EMPTY, PalmImageException.Reason.NOT_AN_IMAGE));
    }

    @Test
    void configuredLimitsApply() throws Exception {
        byte[] png = encode(greyGradient(100, 100), "png");
        assertThatThrownBy(() -> PalmImage.decode(png, new ImageLimits(9_999, 1 << 20)))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PalmImageException.Reason.TOO_LARGE));
        assertThatThrownBy(() -> PalmImage.decode(png, new ImageLimits(1_000_000, 10)))
                .isInstanceOfSatisfying(PalmImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PalmImageException.Reason.TOO_LARGE));
        assertThat(PalmImage.decode(png, new ImageLimits(10_000, 1 << 20)).width()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif", "tiff", "wbmp"})
    void formatsOtherThanPngJpegAndBmpAreRefused(String format) throws Exception {
        BufferedImage image = format.equals("wbmp") ? new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_BINARY) : colourGradient(64, 48);
        assertRefused(encode(image, format), ImageLimits.DEFAULT, PalmImageException.Reason.NOT_AN_IMAGE, "PNG, JPEG or BMP");
    }

    @Test
    @Timeout(5)
    void aStripOfFourMillionByOnePixelsIsADegenerateShape() throws Exception {
        BufferedImage strip = new BufferedImage(4_000_000, 1, BufferedImage.TYPE_BYTE_GRAY);
        assertRefused(encode(strip, "png"), ImageLimits.DEFAULT, PalmImageException.Reason.DEGENERATE_SHAPE, "4000000x1");
        assertRefused(pngHeaderOnly(1, 4_000_000), ImageLimits.DEFAULT, PalmImageException.Reason.DEGENERATE_SHAPE, "1x4000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp"})
    void aSinglePixelIsADegenerateShape(String format) throws Exception {
        assertRefused(encode(colourGradient(1, 1), format), ImageLimits.DEFAULT, PalmImageException.Reason.DEGENERATE_SHAPE, "1x1");
    }

    @Test
    void shapeLimitsAreConfigurable() throws Exception {
        byte[] wide = encode(greyGradient(200, 40), "png");
        assertThat(PalmImage.decode(wide).width()).isEqualTo(200);
        assertRefused(wide, new ImageLimits(1_000_000, 1 << 20, 32, 4.0), PalmImageException.Reason.DEGENERATE_SHAPE, "ratio of at most 4.0");
        assertRefused(wide, new ImageLimits(1_000_000, 1 << 20, 64, 16.0), PalmImageException.Reason.DEGENERATE_SHAPE, "at least 64 pixels");
    }

    @Test
    @Timeout(5)
    void pngHeaderWithLargestSidesIsTooLargeWithoutOverflow() {
        // 2^32 - 1 each, unsigned: the product does not fit a long
        assertRefused(pngHeaderOnly(-1, -1), ImageLimits.DEFAULT, PalmImageException.Reason.TOO_LARGE, "4294967295x4294967295");
    }

    /** Decoding {@code bytes} (within {@code limits}) is refused for {@code reason}, the message naming {@code detail}. */
    private static void assertRefused(byte[] bytes, ImageLimits limits, PalmImageException.Reason reason, String detail) {
        assertThatThrownBy(() -> PalmImage.decode(bytes, limits))
                .isInstanceOfSatisfying(PalmImageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(detail);
                });
    }

    /** PNG signature plus an IHDR chunk with a valid CRC, and no pixel data. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
