package org.openpalm.cli.evaluate;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A phone photo re-rendered as a reader's webcam would have taken the same hand: the cross-device
 * probe of {@code evaluate --probe-camera webcam} (issue 15), where no dataset holds one person's
 * palm from both a phone and a webcam. A model, not a camera: it changes what differs between the
 * two devices' pictures of one pose (optics, sensor, light, compression), not the pose itself.
 *
 * <p>Each capture gets its own draw from the ranges below (seeded by its file name, so a run is
 * repeatable), in the order light reaches the file:
 * <ol>
 *   <li><b>Ambient light, no flash.</b> White balance of a warm indoor lamp: red gain
 *       {@link Config#redGainMin}..{@code max}, blue gain {@link Config#blueGainMin}..{@code max},
 *       green 1; a darker tone curve, gamma {@link Config#gammaMin}..{@code max} (output =
 *       input^gamma on 0..1).
 *   <li><b>Fixed-focus lens.</b> A Gaussian defocus of sigma {@link Config#blurSigmaMinPixels}..
 *       {@code max} pixels (a webcam's fixed focus at 20-30 cm against the phone's autofocus).
 *   <li><b>Smaller sensor.</b> Detail lost to a lower effective resolution: area-averaged down to
 *       {@link Config#resolutionScaleMin}..{@code max} of each side, then bilinear back to the
 *       original size (the pipeline sees a frame of the same size).
 *   <li><b>Sensor noise</b> at the higher gain of dim light: Gaussian, sigma
 *       {@link Config#noiseSigmaMinLevels}..{@code max} grey levels per channel.
 *   <li><b>MJPEG.</b> JPEG at quality {@link Config#jpegQualityMin}..{@code max} with 4:2:0 chroma
 *       subsampling, as USB webcams stream; decoded again and kept losslessly (PNG) so that no
 *       second loss is added.
 * </ol>
 */
public final class WebcamRendition {
    /**
     * The model's ranges (see the class comment).
     *
     * @param redGainMin          least red channel gain
     * @param redGainMax          greatest red channel gain
     * @param blueGainMin         least blue channel gain
     * @param blueGainMax         greatest blue channel gain
     * @param gammaMin            least tone-curve exponent
     * @param gammaMax            greatest tone-curve exponent
     * @param blurSigmaMinPixels  least defocus sigma, pixels
     * @param blurSigmaMaxPixels  greatest defocus sigma, pixels
     * @param resolutionScaleMin  least effective resolution, fraction of each side
     * @param resolutionScaleMax  greatest effective resolution, fraction of each side
     * @param noiseSigmaMinLevels least sensor noise, grey levels (0..255)
     * @param noiseSigmaMaxLevels greatest sensor noise, grey levels (0..255)
     * @param jpegQualityMin      least JPEG quality (0..1)
     * @param jpegQualityMax      greatest JPEG quality (0..1)
     */
    public record Config(double redGainMin, double redGainMax, double blueGainMin, double blueGainMax, double gammaMin, double gammaMax,
                         double blurSigmaMinPixels, double blurSigmaMaxPixels, double resolutionScaleMin, double resolutionScaleMax,
                         double noiseSigmaMinLevels, double noiseSigmaMaxLevels, double jpegQualityMin, double jpegQualityMax) {
        /** A USB webcam over a counter under indoor light (values from typical 720p webcam specifications, not fitted to any data). */
        public static final Config DEFAULT = new Config(1.02, 1.12, 0.80, 0.92, 1.05, 1.25, 0.8, 1.6, 0.5, 0.75, 2.0, 5.0, 0.60, 0.80);
    }

    private final Config config;

    public WebcamRendition(Config config) {
        this.config = config;
    }

    /** The capture {@code encoded} as the webcam would have rendered it; a PNG. {@code seed} picks the draw. */
    public byte[] render(byte[] encoded, long seed) throws IOException {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(encoded));
        if (source == null) throw new IOException("not an image");
        SplittableRandom random = new SplittableRandom(seed);
        int w = source.getWidth();
        int h = source.getHeight();
        double redGain = between(random, config.redGainMin(), config.redGainMax());
        double blueGain = between(random, config.blueGainMin(), config.blueGainMax());
        double gamma = between(random, config.gammaMin(), config.gammaMax());
        double sigma = between(random, config.blurSigmaMinPixels(), config.blurSigmaMaxPixels());
        double scale = between(random, config.resolutionScaleMin(), config.resolutionScaleMax());
        double noise = between(random, config.noiseSigmaMinLevels(), config.noiseSigmaMaxLevels());
        float quality = (float) between(random, config.jpegQualityMin(), config.jpegQualityMax());

        float[][] planes = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = source.getRGB(x, y);
                planes[0][y * w + x] = tone((rgb >> 16) & 0xff, redGain, gamma);
                planes[1][y * w + x] = tone((rgb >> 8) & 0xff, 1.0, gamma);
                planes[2][y * w + x] = tone(rgb & 0xff, blueGain, gamma);
            }
        }
        for (float[] plane : planes) blur(plane, w, h, sigma);
        BufferedImage lens = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) {
            lens.setRGB(i % w, i / w, (clamp(planes[0][i]) << 16) | (clamp(planes[1][i]) << 8) | clamp(planes[2][i]));
        }
        BufferedImage sensor = resample(resample(lens, Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale))), w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = sensor.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) + random.nextGaussian() * noise);
                int g = clamp(((rgb >> 8) & 0xff) + random.nextGaussian() * noise);
                int b = clamp((rgb & 0xff) + random.nextGaussian() * noise);
                sensor.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        BufferedImage streamed = ImageIO.read(new ByteArrayInputStream(jpeg(sensor, quality)));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(streamed, "png", png);
        return png.toByteArray();
    }

    private static double between(SplittableRandom random, double min, double max) {
        return min == max ? min : random.nextDouble(min, max);
    }

    private static float tone(int value, double gain, double gamma) {
        return (float) (255.0 * Math.pow(Math.min(1.0, value * gain / 255.0), gamma));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Separable Gaussian blur of one plane, edges clamped. */
    private static void blur(float[] plane, int w, int h, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
        for (int k = 0; k < kernel.length; k++) kernel[k] /= sum;
        float[] row = new float[plane.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * plane[y * w + Math.clamp(x + k, 0, w - 1)];
                row[y * w + x] = acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * row[Math.clamp(y + k, 0, h - 1) * w + x];
                plane[y * w + x] = acc;
            }
        }
    }

    private static BufferedImage resample(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image.getScaledInstance(width, height, width < image.getWidth() ? java.awt.Image.SCALE_AREA_AVERAGING
                : java.awt.Image.SCALE_SMOOTH), 0, 0, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Sessions of rendered probes are offset by this, so cross-session pairs are exactly the phone-vs-webcam pairs of a one-session set. */
    public static final int RENDERED_SESSION_OFFSET = 1000;

    /**
     * The cross-device dataset of {@code manifest} in {@code into} (a scratch folder, never the
     * repository): the captures the product's protocol enrols ({@link SystemScores#plan}) copied as
     * they are, every other capture rendered as the webcam's and given session + {@value
     * #RENDERED_SESSION_OFFSET}. The system figures are then phone-enrolled palms against webcam
     * probes; for a one-session folder the cross-session pairs are the phone-vs-webcam pairs.
     */
    public Manifest probesRendered(Manifest manifest, java.nio.file.Path into, java.io.PrintWriter progress) throws IOException {
        java.util.List<ManifestEntry> entries = manifest.entries();
        java.util.Set<Integer> enrolled = new java.util.HashSet<>();
        SystemScores.plan(entries).enrolled().values().forEach(enrolled::addAll);
        java.util.List<ManifestEntry> out = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ManifestEntry e = entries.get(i);
            byte[] bytes = java.nio.file.Files.readAllBytes(manifest.folder().resolve(e.file()));
            java.nio.file.Path target = into.resolve(e.file());
            java.nio.file.Files.createDirectories(target.getParent());
            if (enrolled.contains(i)) {
                java.nio.file.Files.write(target, bytes);
                out.add(e);
            } else {
                java.nio.file.Files.write(target, render(bytes, e.file().hashCode() * 0x9E3779B97F4A7C15L));
                out.add(new ManifestEntry(e.file(), e.subject(), e.hand(), e.session() + RENDERED_SESSION_OFFSET, e.sample()));
            }
            progress.printf("\rrendering probes as a webcam's: %d/%d", i + 1, entries.size());
            progress.flush();
        }
        progress.println();
        return new Manifest(into, out);
    }
}
