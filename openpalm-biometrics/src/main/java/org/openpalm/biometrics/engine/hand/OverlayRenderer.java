package org.openpalm.biometrics.engine.hand;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.ImagePoint;
import org.openpalm.biometrics.PalmImage;

/** Draws what the pipeline saw on the capture: contour, fingertips, valleys, palm circle, ROI square. */
public final class OverlayRenderer {
    private OverlayRenderer() {}

    public static byte[] render(PalmImage image, HandPipeline.Trace trace) {
        int w = image.width();
        int h = image.height();
        byte[] grey = image.pixels();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = grey[y * w + x] & 0xFF;
                row[x] = (g << 16) | (g << 8) | g;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float stroke = Math.max(1.5f, Math.max(w, h) / 400f);
        g.setStroke(new BasicStroke(stroke));
        List<ImagePoint> contour = trace.contour();
        if (!contour.isEmpty()) {
            g.setColor(Color.GREEN);
            g.draw(polygon(contour));
        }
        if (trace.palmCircle().size() == 2) {
            ImagePoint c = trace.palmCircle().get(0);
            double r = c.distanceTo(trace.palmCircle().get(1));
            g.setColor(Color.CYAN);
            g.draw(new Ellipse2D.Double(c.x() - r, c.y() - r, 2 * r, 2 * r));
            dot(g, c, 3 * stroke);
        }
        g.setColor(Color.MAGENTA);
        for (ImagePoint p : trace.fingertips()) dot(g, p, 3 * stroke);
        g.setColor(Color.PINK);
        for (ImagePoint p : trace.valleys()) dot(g, p, 2 * stroke);
        g.setColor(Color.RED);
        for (ImagePoint p : trace.keyValleys()) dot(g, p, 4 * stroke);
        if (trace.keyValleys().size() == 2) {
            ImagePoint a = trace.keyValleys().get(0);
            ImagePoint b = trace.keyValleys().get(1);
            g.draw(new java.awt.geom.Line2D.Double(a.x(), a.y(), b.x(), b.y()));
        }
        if (trace.roiCorners().size() == 4) {
            g.setColor(Color.YELLOW);
            g.draw(polygon(trace.roiCorners()));
            ImagePoint a = trace.roiCorners().get(0);
            ImagePoint b = trace.roiCorners().get(1);
            g.setColor(Color.ORANGE); // the ROI's top edge: fingers are beyond it
            g.draw(new java.awt.geom.Line2D.Double(a.x(), a.y(), b.x(), b.y()));
        }
        String label = switch (trace.outcome()) {
            case Acquisition.Acquired a -> String.format(java.util.Locale.ROOT,
                    "ACQUIRED %s hand, ROI %.0f px, sharpness %.4f", a.keypoints().handSide(),
                    a.quality().roiSidePixels(), a.quality().sharpness());
            case Acquisition.Rejected r -> r.reason() + ": " + r.reason().message() + " (" + r.detail() + ")";
        };
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 36)));
        g.setColor(Color.BLACK);
        g.drawString(label, 11, h / 30 + 11);
        g.setColor(trace.outcome() instanceof Acquisition.Acquired ? Color.GREEN : Color.ORANGE);
        g.drawString(label, 10, h / 30 + 10);
        g.dispose();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
    }

    private static Path2D polygon(List<ImagePoint> pts) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(pts.get(0).x(), pts.get(0).y());
        for (int i = 1; i < pts.size(); i++) path.lineTo(pts.get(i).x(), pts.get(i).y());
        path.closePath();
        return path;
    }

    private static void dot(Graphics2D g, ImagePoint p, double r) {
        g.fill(new Ellipse2D.Double(p.x() - r, p.y() - r, 2 * r, 2 * r));
    }
}
