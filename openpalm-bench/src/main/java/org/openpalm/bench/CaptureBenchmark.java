package org.openpalm.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.PalmCapture;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmTemplate;

/**
 * The full capture pipeline on one 768 x 576 full-hand capture, single-threaded: hand
 * segmentation, finger valleys, ROI, quality gate and template ({@link PalmCapture#acquire} then
 * {@code template()}), with and without decoding the JPEG first. Target: 30 ms median.
 * Run: {@code ./openpalm bench jmh CaptureBenchmark -bm sample -tu ms}.
 *
 * <p>The capture is a real one (casia-ms-940, {@code 001_l_940_01.jpg}) when the datasets are
 * found ({@code -Dopenpalm.datasets}, {@code OPENPALM_DATASETS}, or {@code ../shared/datasets}),
 * else a drawn hand of the same size (said on stderr): the pipeline's work depends on the image
 * size and the hand's outline, which the drawing has.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class CaptureBenchmark {
    private byte[] encoded;
    private PalmImage capture;

    @Setup
    public void setup() throws IOException, PalmImageException {
        Optional<byte[]> real = realCapture();
        if (real.isPresent()) {
            encoded = real.get();
            capture = PalmImage.decode(encoded);
        } else {
            System.err.println("CaptureBenchmark: casia-ms-940 not found, timing a drawn 768x576 hand instead");
            capture = drawnHand();
            encoded = capture.toPng();
        }
        // A benchmark of a rejection would time a different, shorter path: refuse to run on one.
        if (!(PalmCapture.acquire(capture) instanceof Acquisition.Acquired)) {
            throw new IllegalStateException("the benchmark capture is rejected: " + PalmCapture.acquire(capture));
        }
    }

    /** Capture to template: what a reader's frame costs once decoded. */
    @Benchmark
    public PalmTemplate acquireAndTemplate() {
        return template(capture);
    }

    /** Encoded bytes to template: what {@code ./openpalm evaluate} times per image. */
    @Benchmark
    public PalmTemplate decodeAcquireAndTemplate() throws PalmImageException {
        return template(PalmImage.decode(encoded));
    }

    private static PalmTemplate template(PalmImage image) {
        return switch (PalmCapture.acquire(image)) {
            case Acquisition.Acquired a -> a.template();
            case Acquisition.Rejected r -> throw new IllegalStateException("rejected: " + r.detail());
        };
    }

    static Optional<byte[]> realCapture() throws IOException {
        String configured = System.getProperty("openpalm.datasets", System.getenv("OPENPALM_DATASETS"));
        Path root = Path.of(configured == null ? "../shared/datasets" : configured);
        Path image = root.resolve("casia-ms-940").resolve("001_l_940_01.jpg");
        return Files.isRegularFile(image) ? Optional.of(Files.readAllBytes(image)) : Optional.empty();
    }

    /** A left hand, palm up, fingers spread and pointing left, on a dark background, with skin noise. */
    static PalmImage drawnHand() {
        int w = 768;
        int h = 576;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(20, 20, 20));
        g.fillRect(0, 0, w, h);
        AffineTransform t = new AffineTransform();
        t.translate(500, 290);
        g.transform(t);
        g.setColor(new Color(150, 150, 150));
        g.fill(new Ellipse2D.Double(-130, -125, 260, 250)); // palm
        g.fill(new RoundRectangle2D.Double(60, -90, 600, 180, 60, 60)); // wrist and forearm
        g.setStroke(new BasicStroke(38, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        // {base y, direction in degrees, length}: index, middle, ring, little
        double[][] fingers = {{62, 166, 230}, {20, 178, 250}, {-24, 190, 235}, {-66, 203, 185}};
        for (double[] f : fingers) {
            double a = Math.toRadians(f[1]);
            g.draw(new Line2D.Double(-90, f[0], -90 + f[2] * Math.cos(a), f[0] + f[2] * Math.sin(a)));
        }
        g.setStroke(new BasicStroke(54, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(-40, 90, -190, 230)); // thumb
        g.dispose();
        byte[] px = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xFF;
            // Skin texture: a flat drawing would pass no sharpness gate and time nothing real.
            if (v > 60) px[i] = (byte) Math.clamp(v + random.nextInt(41) - 20, 0, 255);
        }
        return PalmImage.ofGrey(w, h, px);
    }
}
