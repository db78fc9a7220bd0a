package org.openpalm.cli.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The DET curve as a PNG: FNMR against FMR on log axes, one curve for all pairs and one for
 * cross-session genuine pairs when there are any, the EER of each marked. Rates of zero cannot
 * sit on a log axis; they are drawn on the axis floor (see {@link #floorDecade}).
 */
final class DetPlot {
    private static final Color ALL_PAIRS = new Color(0x1f, 0x77, 0xb4);
    private static final Color CROSS_SESSION = new Color(0xff, 0x7f, 0x0e);
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    /** Deepest axis floor: beyond it a dataset of this size says nothing anyway. */
    private static final int MIN_DECADE = -7;

    private DetPlot() {}

    static void write(Path png, EvaluationReport report, int width, int height) throws IOException {
        // Draw off-screen: no display is needed, or wanted, on a build machine.
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, report, width, height);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer available");
    }

    private static void draw(Graphics2D g, EvaluationReport report, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        int floor = floorDecade(report);
        Axes axes = new Axes(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM, floor, floor);
        drawGrid(g, axes);

        // Equal-error diagonal, for reading the EER off the curves.
        g.setColor(new Color(0xb0, 0xb0, 0xb0));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        double lo = Math.max(axes.xMinDecade, axes.yMinDecade);
        g.draw(new Line2D.Double(axes.x(Math.pow(10, lo)), axes.y(Math.pow(10, lo)), axes.x(1), axes.y(1)));

        Optional<Eer> cross = report.eerCrossSession();
        report.crossSession().ifPresent(roc -> drawCurve(g, axes, roc.points(), CROSS_SESSION));
        drawCurve(g, axes, report.verification().points(), ALL_PAIRS);
        // Labels on opposite sides of the diagonal: the two EERs are often nearly equal.
        cross.ifPresent(e -> drawEer(g, axes, e, CROSS_SESSION, false));
        drawEer(g, axes, report.eer(), ALL_PAIRS, true);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        String title = "DET curve: " + report.dataset() + " (" + report.images() + " images, "
                + report.subjects() + " subjects)";
        centre(g, title, width / 2, 30);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        centre(g, "FMR (false match rate)", axes.left + axes.width / 2, height - 18);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centre(g, "FNMR (false non-match rate)", -(axes.top + axes.height / 2), 24);
        g.setTransform(saved);

        legend(g, axes, report);
        if (report.eer().rate() == 0 && report.verification().atFmr(0).fnmr() == 0) {
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 14));
            g.setColor(Color.DARK_GRAY);
            centre(g, "no errors: every genuine score is above every impostor score", axes.left + axes.width / 2,
                    axes.top + axes.height / 2 + 40);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.GRAY);
        g.drawString("rates of 0 are drawn on the axis floor", 8, height - 6);
    }

    /**
     * One floor for both axes, so that the diagonal is at 45 degrees: the decade at or below the
     * finest non-zero rate the pair counts can measure (1 / impostor pairs, the larger count) and
     * at or below the EERs, which can lie between measured rates. At least one decade below 1.
     */
    static int floorDecade(EvaluationReport r) {
        double finest = 1.0 / Math.max(1, Math.max(r.impostorPairs(), r.genuinePairs()));
        finest = Math.min(finest, positiveOr(r.eer().rate(), finest));
        finest = Math.min(finest, positiveOr(r.eerCrossSession().map(Eer::rate).orElse(finest), finest));
        return Math.max(MIN_DECADE, Math.min(-1, (int) Math.floor(Math.log10(finest))));
    }

    private static double positiveOr(double v, double fallback) {
        return v > 0 ? v : fallback;
    }

    private static void drawGrid(Graphics2D g, Axes a) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int d = a.xMinDecade; d <= 0; d++) {
            for (int m = 1; m <= (d == 0 ? 1 : 9); m++) {
                double v = m * Math.pow(10, d);
                g.setColor(m == 1 ? new Color(0xd0, 0xd0, 0xd0) : new Color(0xee, 0xee, 0xee));
                g.draw(new Line2D.Double(a.x(v), a.top, a.x(v), a.top + a.height));
            }
            String label = tick(d);
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(a.x(Math.pow(10, d)), a.top + a.height, a.x(Math.pow(10, d)), a.top + a.height + 5));
            g.drawString(label, (float) (a.x(Math.pow(10, d)) - fm.stringWidth(label) / 2.0), a.top + a.height + 20);
        }
        for (int d = a.yMinDecade; d <= 0; d++) {
            for (int m = 1; m <= (d == 0 ? 1 : 9); m++) {
                double v = m * Math.pow(10, d);
                g.setColor(m == 1 ? new Color(0xd0, 0xd0, 0xd0) : new Color(0xee, 0xee, 0xee));
                g.draw(new Line2D.Double(a.left, a.y(v), a.left + a.width, a.y(v)));
            }
            String label = tick(d);
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(a.left - 5, a.y(Math.pow(10, d)), a.left, a.y(Math.pow(10, d))));
            g.drawString(label, a.left - 8 - fm.stringWidth(label), (float) (a.y(Math.pow(10, d)) + fm.getAscent() / 2.0 - 1));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(a.left, a.top, a.width, a.height);
    }

    private static String tick(int decade) {
        return switch (decade) {
            case 0 -> "1";
            case -1 -> "0.1";
            case -2 -> "0.01";
            default -> "1e" + decade;
        };
    }

    private static void drawCurve(Graphics2D g, Axes a, List<OperatingPoint> points, Color colour) {
        Path2D.Double path = new Path2D.Double();
        boolean first = true;
        for (OperatingPoint p : points) {
            double x = a.x(p.fmr());
            double y = a.y(p.fnmr());
            if (first) path.moveTo(x, y);
            else path.lineTo(x, y);
            first = false;
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        java.awt.Shape clip = g.getClip();
        g.clipRect(a.left, a.top, a.width + 1, a.height + 1);
        g.draw(path);
        g.setClip(clip);
    }

    private static void drawEer(Graphics2D g, Axes a, Eer eer, Color colour, boolean labelAbove) {
        double x = a.x(eer.rate());
        double y = a.y(eer.rate());
        g.setColor(colour);
        g.fill(new Ellipse2D.Double(x - 6, y - 6, 12, 12));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Ellipse2D.Double(x - 6, y - 6, 12, 12));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String label = "EER " + Summary.percent(eer.rate());
        int textWidth = g.getFontMetrics().stringWidth(label);
        // Inside the plot: to the upper left, or for the second curve the lower right, of the dot,
        // moved up or right when that would leave the axes (an EER of 0 sits in the corner).
        double tx = labelAbove ? x - 10 - textWidth : x + 10;
        double ty = labelAbove ? y - 8 : y + 20;
        if (tx < a.left + 4) tx = x + 10;
        if (ty > a.top + a.height - 4) ty = y - 26;
        g.drawString(label, (float) tx, (float) ty);
    }

    private static void legend(Graphics2D g, Axes a, EvaluationReport r) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = a.left + a.width - 300;
        int y = a.top + 12;
        g.setColor(new Color(255, 255, 255, 230));
        int rows = r.crossSession().isPresent() ? 2 : 1;
        g.fillRect(x - 8, y - 4, 296, 22 * rows + 6);
        g.setColor(Color.GRAY);
        g.drawRect(x - 8, y - 4, 296, 22 * rows + 6);
        legendRow(g, x, y + 12, ALL_PAIRS, String.format(Locale.ROOT, "all pairs (%d genuine), EER %s",
                r.genuinePairs(), Summary.percent(r.eer().rate())));
        r.eerCrossSession().ifPresent(e -> legendRow(g, x, y + 34, CROSS_SESSION, String.format(Locale.ROOT,
                "cross-session (%d genuine), EER %s", r.crossSessionGenuinePairs(), Summary.percent(e.rate()))));
    }

    private static void legendRow(Graphics2D g, int x, int y, Color colour, String text) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(3f));
        g.draw(new Line2D.Double(x, y - 4, x + 24, y - 4));
        g.setColor(Color.BLACK);
        g.drawString(text, x + 32, y);
    }

    private static void centre(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2f, y);
    }

    /** Log-log mapping from rates to pixels; rates below the floor are drawn on the floor. */
    private record Axes(int left, int top, int width, int height, int xMinDecade, int yMinDecade) {
        double x(double rate) {
            double d = Math.log10(Math.max(rate, Math.pow(10, xMinDecade)));
            return left + (d - xMinDecade) / -xMinDecade * width;
        }

        double y(double rate) {
            double d = Math.log10(Math.max(rate, Math.pow(10, yMinDecade)));
            return top + height - (d - yMinDecade) / -yMinDecade * height;
        }
    }
}
