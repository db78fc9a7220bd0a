package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The webcam model of {@code evaluate --probe-camera webcam}: repeatable, same size, and it changes what it says it changes. */
class WebcamRenditionTest {
    private final WebcamRendition webcam = new WebcamRendition(WebcamRendition.Config.DEFAULT);

    @Test
    void theSameCaptureAndSeedGiveTheSameFrameAndAnotherSeedAnother() throws IOException {
        byte[] capture = png(stripes());
        byte[] once = webcam.render(capture, 7);
        assertThat(webcam.render(capture, 7)).isEqualTo(once);
        assertThat(webcam.render(capture, 8)).isNotEqualTo(once);
        BufferedImage frame = ImageIO.read(new ByteArrayInputStream(once));
        assertThat(frame.getWidth()).isEqualTo(160);
        assertThat(frame.getHeight()).isEqualTo(120);
    }

    @Test
    void warmLightBlurAndNoise() throws IOException {
        BufferedImage grey = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) for (int x = 0; x < 160; x++) grey.setRGB(x, y, 0x808080);
        BufferedImage frame = ImageIO.read(new ByteArrayInputStream(webcam.render(png(grey), 1)));
        double red = 0;
        double blue = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                red += (frame.getRGB(x, y) >> 16) & 0xff;
                blue += frame.getRGB(x, y) & 0xff;
            }
        }
        assertThat(red).as("a warm cast: more red than blue from a neutral grey").isGreaterThan(blue * 1.05);

        // a sharp edge comes out softer: the step is spread over several pixels
        BufferedImage sharp = stripes();
        BufferedImage soft = ImageIO.read(new ByteArrayInputStream(webcam.render(png(sharp), 2)));
        assertThat((double) maxStep(soft)).isLessThan(maxStep(sharp) * 0.8);
    }

    /** Vertical black and white stripes, 20 px wide. */
    private static BufferedImage stripes() {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) for (int x = 0; x < 160; x++) image.setRGB(x, y, (x / 20) % 2 == 0 ? 0x101010 : 0xf0f0f0);
        return image;
    }

    /** The largest green difference between horizontal neighbours on the middle row. */
    private static int maxStep(BufferedImage image) {
        int y = image.getHeight() / 2;
        int max = 0;
        for (int x = 1; x < image.getWidth(); x++) {
            max = Math.max(max, Math.abs(((image.getRGB(x, y) >> 8) & 0xff) - ((image.getRGB(x - 1, y) >> 8) & 0xff)));
        }
        return max;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
