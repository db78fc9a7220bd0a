package org.openpalm.biometrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/** Test captures: dataset images when present, synthetic hands, and transforms of both. */
final class HandImages {
    private HandImages() {}

    /** The datasets folder named by -Dopenpalm.datasets or OPENPALM_DATASETS, when it exists. */
    static Optional<Path> datasets() {
        String dir = System.getProperty("openpalm.datasets", System.getenv("OPENPALM_DATASETS"));
        if (dir == null) return Optional.empty();
        Path path = Path.of(dir);
        return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
    }

    static Optional<PalmImage> dataset(String relative) {
        Optional<Path> root = datasets();
        if (root.isEmpty() || !Files.isRegularFile(root.get().resolve(relative))) return Optional.empty();
        try {
            return Optional.of(PalmImage.decode(Files.readAllBytes(root.get().resolve(relative))));
        } catch (IOException | PalmImageException e) {
            throw new AssertionError("dataset image unreadable: " + relative, e);
        }
    }

    /**
     * A drawn left hand seen palm up, fingers pointing left, thumb down, wrist leaving the right
     * edge; skin carries seeded noise so it is not flat. {@code spread} false draws the fingers
     * as one closed block (a mitten).
     */
    static PalmImage syntheticHand(double rotationDegrees, double scale, boolean spread) {
        int w = 768;
        int h = 576;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(20, 20, 20));
        g.fillRect(0, 0, w, h);
        AffineTransform t = new AffineTransform();
        t.translate(500, 290);
        t.rotate(Math.toRadians(rotationDegrees));
        t.scale(scale, scale);
        g.transform(t);
        g.setColor(new Color(150, 150, 150));
        g.fill(new Ellipse2D.Double(-130, -125, 260, 250)); // palm
        g.fill(new RoundRectangle2D.Double(60, -90, 600, 180, 60, 60)); // wrist and forearm
        if (spread) {
            g.setStroke(new BasicStroke(38, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            // {base y, direction in degrees, length}: index (next to the thumb), middle, ring, little
            double[][] fingers = {{62, 166, 230}, {20, 178, 250}, {-24, 190, 235}, {-66, 203, 185}};
            for (double[] f : fingers) {
                double a = Math.toRadians(f[1]);
                g.draw(new java.awt.geom.Line2D.Double(-90, f[0], -90 + f[2] * Math.cos(a), f[0] + f[2] * Math.sin(a)));
            }
            g.setStroke(new BasicStroke(54, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new java.awt.geom.Line2D.Double(-40, 90, -190, 230)); // thumb
        } else {
            g.fill(new RoundRectangle2D.Double(-330, -105, 300, 190, 80, 80)); // closed fingers
            g.fill(new RoundRectangle2D.Double(-120, 60, 140, 90, 60, 60)); // thumb against the palm
        }
        g.dispose();
        byte[] px = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Random random = new Random(42);
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xFF;
            if (v > 60) px[i] = (byte) Math.clamp(v + random.nextInt(41) - 20, 0, 255);
        }
        return PalmImage.ofGrey(w, h, px);
    }

    static PalmImage black(int w, int h) {
        return PalmImage.ofGrey(w, h, new byte[w * h]);
    }

    /** Grey values scaled by {@code gain} and clipped. */
    static PalmImage gain(PalmImage image, double gain) {
        byte[] px = image.pixels();
        for (int i = 0; i < px.length; i++) px[i] = (byte) Math.clamp(Math.round((px[i] & 0xFF) * gain), 0, 255);
        return PalmImage.ofGrey(image.width(), image.height(), px);
    }

    /** Three passes of a box filter of radius {@code r}: close to a Gaussian of sigma r. */
    static PalmImage blur(PalmImage image, int r) {
        int w = image.width();
        int h = image.height();
        int[] a = new int[w * h];
        byte[] px = image.pixels();
        for (int i = 0; i < a.length; i++) a[i] = px[i] & 0xFF;
        for (int pass = 0; pass < 3; pass++) {
            int[] tmp = new int[a.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = 0;
                    int c = 0;
                    for (int k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++, c++) s += a[y * w + k];
                    tmp[y * w + x] = s / c;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = 0;
                    int c = 0;
                    for (int k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++, c++) s += tmp[k * w + x];
                    a[y * w + x] = s / c;
                }
            }
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (byte) a[i];
        return PalmImage.ofGrey(w, h, out);
    }

    /** Rotated by {@code degrees} (clockwise on screen) about the image centre, bilinear, black outside. */
    static PalmImage rotate(PalmImage image, double degrees) {
        int w = image.width();
        int h = image.height();
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(image.pixels(), 0, ((DataBufferByte) src.getRaster().getDataBuffer()).getData(), 0, w * h);
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        AffineTransform t = AffineTransform.getRotateInstance(Math.toRadians(degrees), w / 2.0, h / 2.0);
        new java.awt.image.AffineTransformOp(t, java.awt.image.AffineTransformOp.TYPE_BILINEAR).filter(src.getRaster(),
                dst.getRaster());
        return PalmImage.ofGrey(w, h, ((DataBufferByte) dst.getRaster().getDataBuffer()).getData());
    }

    /** The rectangle {@code [x0, x0 + w) x [y0, y0 + h)} of the image. */
    static PalmImage crop(PalmImage image, int x0, int y0, int w, int h) {
        byte[] px = image.pixels();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(px, (y0 + y) * image.width() + x0, out, y * w, w);
        return PalmImage.ofGrey(w, h, out);
    }

    /** Shrunk by {@code factor} (box average) and pasted at the centre of a black frame of the same size. */
    static PalmImage shrinkIntoFrame(PalmImage image, double factor) {
        int w = image.width();
        int h = image.height();
        int sw = (int) (w / factor);
        int sh = (int) (h / factor);
        byte[] px = image.pixels();
        byte[] out = new byte[w * h];
        int ox = (w - sw) / 2;
        int oy = (h - sh) / 2;
        for (int y = 0; y < sh; y++) {
            int y0 = (int) (y * factor);
            int y1 = Math.max(y0 + 1, Math.min(h, (int) ((y + 1) * factor)));
            for (int x = 0; x < sw; x++) {
                int x0 = (int) (x * factor);
                int x1 = Math.max(x0 + 1, Math.min(w, (int) ((x + 1) * factor)));
                int sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) sum += px[yy * w + xx] & 0xFF;
                }
                out[(oy + y) * w + ox + x] = (byte) (sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return PalmImage.ofGrey(w, h, out);
    }
}
