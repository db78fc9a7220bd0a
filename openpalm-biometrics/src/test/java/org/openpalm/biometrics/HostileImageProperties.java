package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever bytes or pixels arrive, decoding and the capture pipeline answer with a result or a
 * {@link PalmImageException}, never another exception: mutations of real PNG and JPEG files (bit
 * flips, truncation, edited header sizes, random bytes) and frames of any shape.
 */
class HostileImageProperties {
    private static final ImageLimits SERVER_LIKE = new ImageLimits(4_000_000, 8 << 20, 32, 4.0);
    private static final byte[] PNG = encode(HandImages.syntheticHand(0, 0.6, true), "png");
    private static final byte[] JPEG = encode(HandImages.syntheticHand(10, 0.6, true), "jpg");

    @Property(tries = 150)
    void mutatedImagesDecodeOrFailWithAReason(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mutation,
                                              @ForAll boolean jpeg) {
        byte[] bytes = mutate(jpeg ? JPEG : PNG, mutation, new Random(seed));
        try {
            PalmImage image = PalmImage.decode(bytes, SERVER_LIKE);
            assertThat(SERVER_LIKE.allowsShape(image.width(), image.height())).isTrue();
            // what decodes goes through both paths of the server without an exception
            assertThat(PalmCapture.acquire(image)).isNotNull();
            assertThat(PalmTemplate.fromRoi(image).toBytes()).isNotEmpty();
        } catch (PalmImageException expected) {
            assertThat(expected.reason()).isNotNull();
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 120)
    void framesOfAnyShapeGiveAnAcquisitionAndATemplate(@ForAll @IntRange(min = 1, max = 900) int width,
                                           @ForAll @IntRange(min = 1, max = 900) int height, @ForAll long seed) {
        byte[] pixels = new byte[width * height];
        new Random(seed).nextBytes(pixels);
        PalmImage frame = PalmImage.ofGrey(width, height, pixels);
        assertThat(PalmCapture.acquire(frame)).isNotNull();
        // a palm square of any size is resampled to the template's grid
        assertThat(PalmTemplate.fromRoi(frame).toBytes()).isNotEmpty();
    }

    @Example
    void aFourMillionByOneStripIsNoHand() {
        // today's root cause of a 500: the working copy of the strip had no rows
        for (int[] size : new int[][] {{4_000_000, 1}, {1, 4_000_000}, {1, 1}, {119, 600}, {2_000, 400}}) {
            Acquisition outcome = PalmCapture.acquire(PalmImage.ofGrey(size[0], size[1], new byte[size[0] * size[1]]));
            assertThat(outcome).as(size[0] + "x" + size[1]).isInstanceOfSatisfying(Acquisition.Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(RejectionReason.NO_HAND);
                assertThat(r.detail()).contains("cannot hold a hand");
            });
        }
    }

    /** 0: bit flips, 1: truncation, 2: header width/height edits, 3: random bytes after a real signature, 4: random bytes. */
    static byte[] mutate(byte[] original, int mutation, Random random) {
        byte[] b = original.clone();
        switch (mutation) {
            case 0 -> {
                int flips = 1 + random.nextInt(16);
                for (int i = 0; i < flips; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> editDeclaredSize(b, random);
            case 3 -> {
                byte[] tail = new byte[random.nextInt(4096)];
                random.nextBytes(tail);
                int keep = Math.min(b.length, 8 + random.nextInt(64));
                b = java.util.Arrays.copyOf(java.util.Arrays.copyOf(b, keep), keep + tail.length);
                System.arraycopy(tail, 0, b, keep, tail.length);
            }
            case 4 -> {
                b = new byte[random.nextInt(2048)];
                random.nextBytes(b);
            }
            default -> throw new IllegalArgumentException("mutation " + mutation);
        }
        return b;
    }

    /** Writes odd sizes into the PNG IHDR or the JPEG SOF0 frame header. */
    private static void editDeclaredSize(byte[] b, Random random) {
        int[] choices = {0, 1, 4_000_000, 65_535, random.nextInt(), 1 + random.nextInt(2000)};
        int width = choices[random.nextInt(choices.length)];
        int height = choices[random.nextInt(choices.length)];
        if ((b[0] & 0xFF) == 0x89) {
            ByteBuffer.wrap(b, 16, 8).putInt(width).putInt(height); // the IHDR CRC no longer matches either
            return;
        }
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) { // SOF0: length, precision, height, width (16 bits)
                ByteBuffer.wrap(b, i + 5, 4).putShort((short) height).putShort((short) width);
                return;
            }
        }
    }

    private static byte[] encode(PalmImage image, String format) {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        buffered.getRaster().setDataElements(0, 0, image.width(), image.height(), image.pixels());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(buffered, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
