package org.openpalm.biometrics.engine.pad;

import java.util.SplittableRandom;
import org.openpalm.biometrics.IndependentAttackModel;

/**
 * The second attack generator's renderer, written apart from {@link AttackRenderer}: it shares
 * no image operation with it (own resampling, own blur, own noise, no {@link Raster}). It starts
 * from devices (printer dots, display subpixels, the camera's native pixels) in millimetres on the
 * artefact and lets the sensor's point samples and the area-averaging down to the ROI make the
 * moire there is. Grey levels as doubles; frames are ROI-sized ({@code w} x {@code h}).
 */
public final class IndependentRenderer {
    /** Point samples per native sensor pixel along each axis (the sensor integrates over its pixel). */
    private static final int SAMPLES = 4;
    /** Source pixels printed or shown beyond the ROI on each side: the artefact is larger than the view. */
    private static final int MARGIN = 16;

    private final IndependentAttackModel m;

    public IndependentRenderer(IndependentAttackModel model) {
        this.m = model;
    }

    /** The two frames the reader records, grey levels, ROI size. */
    public record Frames(double[] visible, double[] nir) {}

    /** What a scene looks like at a point of the artefact, in source pixel coordinates. */
    @FunctionalInterface
    private interface Scene {
        double at(double u, double v);
    }

    /** Placement of the artefact: ROI coordinates (plus a band's registration offset) to artefact source pixels. */
    private static final class View {
        private final double cx, cy, distancePx, shiftX, shiftY, scale;
        private final double ca, sa, ct, st, cr, sr;

        private View(int w, int h, double distancePx, double tilt, double axis, double rotation, double scale, double shiftX, double shiftY) {
            this.cx = (w - 1) / 2.0;
            this.cy = (h - 1) / 2.0;
            this.distancePx = distancePx;
            this.shiftX = shiftX;
            this.shiftY = shiftY;
            this.scale = scale;
            this.ca = StrictMath.cos(axis);
            this.sa = StrictMath.sin(axis);
            this.ct = StrictMath.cos(tilt);
            this.st = StrictMath.sin(tilt);
            this.cr = StrictMath.cos(rotation);
            this.sr = StrictMath.sin(rotation);
        }

        static View draw(IndependentAttackModel m, SplittableRandom r, int w, int h, double mmPerPx) {
            return new View(w, h, m.cameraDistanceMillimetres().draw(r) / mmPerPx, StrictMath.toRadians(m.tiltDegrees().draw(r)),
                    r.nextDouble() * Math.PI, StrictMath.toRadians(m.rotationDegrees().draw(r)), m.scale().draw(r),
                    m.shiftPixels().draw(r), m.shiftPixels().draw(r));
        }

        /** Writes the artefact coordinates of ROI point (x, y) into out[0], out[1]. */
        void artefact(double x, double y, double dx, double dy, double[] out) {
            double px = x - cx - shiftX - dx, py = y - cy - shiftY - dy;
            // undo the perspective of a plane tilted about an axis through the centre
            double along = ca * px + sa * py, across = -sa * px + ca * py;
            double b = across * distancePx / (distancePx * ct - across * st);
            double a = along * (distancePx + b * st) / distancePx;
            double qx = ca * a - sa * b, qy = sa * a + ca * b;
            // undo in-plane rotation and scale
            out[0] = (cr * qx + sr * qy) / scale + cx;
            out[1] = (-sr * qx + cr * qy) / scale + cy;
        }
    }

    /** One camera's drawn settings. */
    private record Camera(int factor, double white, double vignetting, double[] psf, int psfRadius, double read, double gain,
            double glareX, double glareY, double glareLevels, double glareSigma) {
        static Camera draw(IndependentAttackModel m, SplittableRandom r, int factor, int w, int h, double glareLevels) {
            double white = m.exposureWhiteLevels().draw(r);
            double vignetting = m.vignetting().draw(r);
            double defocus = m.defocusRadiusPixels().draw(r) * factor;
            double motion = m.motionBlurPixels().draw(r) * factor;
            double motionAngle = r.nextDouble() * Math.PI;
            int radius = (int) StrictMath.ceil(defocus + motion / 2) + 1;
            double[] psf = psf(radius, Math.max(defocus, 0.5), motion, motionAngle);
            return new Camera(factor, white, vignetting, psf, radius, m.readNoiseLevels().draw(r), m.shotNoiseGain().draw(r),
                    r.nextDouble() * w, r.nextDouble() * h, glareLevels, m.glareSigmaPixels().draw(r));
        }

        /** A disk of radius {@code disk} swept along a line of {@code length}: defocus and hand tremor. */
        private static double[] psf(int radius, double disk, double length, double angle) {
            int side = 2 * radius + 1;
            double[] k = new double[side * side];
            double sum = 0;
            for (int y = -radius; y <= radius; y++) {
                for (int x = -radius; x <= radius; x++) {
                    int hits = 0;
                    for (int sy = 0; sy < 5; sy++) {
                        for (int sx = 0; sx < 5; sx++) {
                            double px = x + (sx + 0.5) / 5 - 0.5, py = y + (sy + 0.5) / 5 - 0.5;
                            for (int t = 0; t < 9; t++) {
                                double along = (t / 8.0 - 0.5) * length;
                                double qx = px - along * StrictMath.cos(angle), qy = py - along * StrictMath.sin(angle);
                                if (qx * qx + qy * qy <= disk * disk) hits++;
                            }
                        }
                    }
                    k[(y + radius) * side + x + radius] = hits;
                    sum += hits;
                }
            }
            for (int i = 0; i < k.length; i++) k[i] /= sum;
            return k;
        }
    }

    // ---------------------------------------------------------------- print

    /** A print of {@code source} (grey levels, w x h): visible and NIR frames of the same instant. */
    public Frames print(double[] source, int w, int h, SplittableRandom r) {
        double mmPerPx = m.roiMillimetresPerPixel().draw(r);
        int factor = (int) StrictMath.floor(m.sensorPixelsPerRoiPixel().draw(r));
        View view = View.draw(m, r, w, h, mmPerPx);
        double registration = m.bandRegistrationPixels().draw(r), regAngle = r.nextDouble() * 2 * Math.PI;
        double dotMm = 25.4 / m.printerDotsPerInch().draw(r);
        double dotsPerSourcePx = mmPerPx / dotMm;
        int gw = (int) StrictMath.ceil((w + 2 * MARGIN) * dotsPerSourcePx), gh = (int) StrictMath.ceil((h + 2 * MARGIN) * dotsPerSourcePx);
        double gamma = m.printerToneGamma().draw(r);
        Power tone = new Power(gamma);
        double[] want = new double[gw * gh];
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                double u = (i + 0.5) / dotsPerSourcePx - MARGIN, v = (j + 0.5) / dotsPerSourcePx - MARGIN;
                want[j * gw + i] = tone.at(1 - Math.clamp(cubic(source, w, h, u, v), 0, 255) / 255);
            }
        }
        boolean[] inked = r.nextDouble() < m.printStochasticShare()
                ? errorDiffusion(want, gw, gh)
                : lineScreen(want, gw, gh, 25.4 / dotMm / m.printLinesPerInch().draw(r),
                        r.nextDouble() * Math.PI);
        double[] coverage = spread(inked, gw, gh, m.printInkSpreadDots().draw(r));
        double[] fibre = fibre(gw, gh, m.paperFibreContrast().draw(r), r);
        double n = m.printYuleNielsenN().draw(r);
        float[] visibleReflectance = reflectance(coverage, fibre, m.paperVisibleReflectance().draw(r), m.inkVisibleReflectance().draw(r), n);
        float[] nirReflectance = reflectance(coverage, fibre, m.paperNirReflectance().draw(r), m.inkNirReflectance().draw(r), n);
        boolean glossy = r.nextDouble() < m.printGlossShare();
        Scene visibleScene = (u, v) -> grid(visibleReflectance, gw, gh, (u + MARGIN) * dotsPerSourcePx - 0.5, (v + MARGIN) * dotsPerSourcePx - 0.5);
        Scene nirScene = (u, v) -> grid(nirReflectance, gw, gh, (u + MARGIN) * dotsPerSourcePx - 0.5, (v + MARGIN) * dotsPerSourcePx - 0.5);
        Camera visibleCamera = Camera.draw(m, r, factor, w, h, glossy ? m.printGlossLevels().draw(r) : 0);
        Camera nirCamera = Camera.draw(m, r, factor, w, h, glossy ? m.printGlossLevels().draw(r) : 0);
        double[] visible = photograph(visibleScene, view, 0, 0, visibleCamera, w, h, r);
        double[] nir = photograph(nirScene, view, registration * StrictMath.cos(regAngle), registration * StrictMath.sin(regAngle),
                nirCamera, w, h, r);
        return new Frames(visible, nir);
    }

    /** Floyd-Steinberg, serpentine: stochastic (FM) screening. */
    private static boolean[] errorDiffusion(double[] want, int gw, int gh) {
        double[] e = want.clone();
        boolean[] out = new boolean[e.length];
        for (int j = 0; j < gh; j++) {
            boolean ltr = (j & 1) == 0;
            for (int k = 0; k < gw; k++) {
                int i = ltr ? k : gw - 1 - k, dir = ltr ? 1 : -1;
                int at = j * gw + i;
                out[at] = e[at] >= 0.5;
                double err = e[at] - (out[at] ? 1 : 0);
                if (i + dir >= 0 && i + dir < gw) e[at + dir] += err * 7 / 16;
                if (j + 1 < gh) {
                    if (i - dir >= 0 && i - dir < gw) e[at + gw - dir] += err * 3 / 16;
                    e[at + gw] += err * 5 / 16;
                    if (i + dir >= 0 && i + dir < gw) e[at + gw + dir] += err * 1 / 16;
                }
            }
        }
        return out;
    }

    /** AM line screen: lines of width proportional to coverage, {@code periodDots} apart at {@code angle}. */
    private static boolean[] lineScreen(double[] want, int gw, int gh, double periodDots, double angle) {
        boolean[] out = new boolean[want.length];
        double ca = StrictMath.cos(angle), sa = StrictMath.sin(angle);
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                double t = (ca * i + sa * j) / periodDots;
                double phase = t - StrictMath.floor(t);
                out[j * gw + i] = StrictMath.abs(phase - 0.5) < want[j * gw + i] / 2;
            }
        }
        return out;
    }

    /** Ink spread: a separable triangle of half-width {@code dots}, applied to the binary dot map. */
    private static double[] spread(boolean[] inked, int gw, int gh, double dots) {
        int half = (int) StrictMath.ceil(dots);
        double[] tri = new double[2 * half + 1];
        double sum = 0;
        for (int k = -half; k <= half; k++) sum += tri[k + half] = Math.max(0, 1 - StrictMath.abs(k) / (dots + 1));
        for (int k = 0; k < tri.length; k++) tri[k] /= sum;
        double[] a = new double[inked.length];
        for (int i = 0; i < a.length; i++) a[i] = inked[i] ? 1 : 0;
        double[] rows = new double[a.length], out = new double[a.length];
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                double acc = 0;
                for (int k = -half; k <= half; k++) acc += tri[k + half] * a[j * gw + Math.clamp(i + k, 0, gw - 1)];
                rows[j * gw + i] = acc;
            }
        }
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                double acc = 0;
                for (int k = -half; k <= half; k++) acc += tri[k + half] * rows[Math.clamp(j + k, 0, gh - 1) * gw + i];
                out[j * gw + i] = acc;
            }
        }
        return out;
    }

    /** Paper fibre: white noise smoothed by two 3x3 box passes, scaled to the contrast. */
    private static double[] fibre(int gw, int gh, double contrast, SplittableRandom r) {
        double[] f = new double[gw * gh];
        for (int i = 0; i < f.length; i++) f[i] = r.nextDouble() - 0.5;
        for (int pass = 0; pass < 2; pass++) {
            double[] g = new double[f.length];
            for (int j = 0; j < gh; j++) {
                for (int i = 0; i < gw; i++) {
                    double acc = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) acc += f[Math.clamp(j + dy, 0, gh - 1) * gw + Math.clamp(i + dx, 0, gw - 1)];
                    }
                    g[j * gw + i] = acc / 9;
                }
            }
            f = g;
        }
        double ss = 0;
        for (double v : f) ss += v * v;
        double scale = contrast / StrictMath.sqrt(ss / f.length + 1e-12);
        for (int i = 0; i < f.length; i++) f[i] *= scale;
        return f;
    }

    /** Yule-Nielsen: R = (a Ri^(1/n) + (1 - a) Rp^(1/n))^n, paper modulated by its fibre. */
    private static float[] reflectance(double[] coverage, double[] fibre, double paper, double ink, double n) {
        float[] out = new float[coverage.length];
        Power root = new Power(1 / n), power = new Power(n);
        double ri = root.at(ink);
        for (int i = 0; i < out.length; i++) {
            double a = Math.clamp(coverage[i], 0, 1);
            double rp = root.at(Math.clamp(paper * (1 + fibre[i]), 0, 1));
            out[i] = (float) power.at(a * ri + (1 - a) * rp);
        }
        return out;
    }

    /** x^e on [0,1] from a table (linear between 4096 entries): millions of dots per print. */
    private static final class Power {
        private static final int STEPS = 4096;
        private final double[] table = new double[STEPS + 1];

        Power(double exponent) {
            for (int i = 0; i <= STEPS; i++) table[i] = StrictMath.pow((double) i / STEPS, exponent);
        }

        double at(double x) {
            double t = Math.clamp(x, 0, 1) * STEPS;
            int i = Math.min((int) t, STEPS - 1);
            return table[i] + (t - i) * (table[i + 1] - table[i]);
        }
    }

    // ---------------------------------------------------------------- screen

    /** {@code source} shown on a phone display: visible and NIR frames of the same instant. */
    public Frames screen(double[] source, int w, int h, SplittableRandom r) {
        double mmPerPx = m.roiMillimetresPerPixel().draw(r);
        int factor = (int) StrictMath.floor(m.sensorPixelsPerRoiPixel().draw(r));
        View view = View.draw(m, r, w, h, mmPerPx);
        double registration = m.bandRegistrationPixels().draw(r), regAngle = r.nextDouble() * 2 * Math.PI;
        double pitchPx = 25.4 / m.displayPixelsPerInch().draw(r) / mmPerPx; // display pixel pitch in source pixels
        double apertureX = m.displaySubpixelAperture().draw(r), apertureY = m.displaySubpixelAperture().draw(r);
        double red = m.displaySubpixelWeight().draw(r), blue = m.displaySubpixelWeight().draw(r);
        double[] weight = {red, 1, blue};
        double meanLit = apertureX * apertureY * (red + 1 + blue) / 3;
        Power transfer = new Power(m.displayGamma().draw(r));
        double brightness = m.displayBrightness().draw(r);
        double black = 1 / m.displayContrastRatio().draw(r);
        double ambient = m.displayAmbientReflectance().draw(r);
        double nirReflectance = m.displayNirReflectance().draw(r), nirImage = m.displayNirImageContrast().draw(r);
        Scene visibleScene = (u, v) -> {
            double gx = (u + MARGIN) / pitchPx, gy = (v + MARGIN) / pitchPx;
            double col = StrictMath.floor(gx), row = StrictMath.floor(gy);
            double fy = gy - row, fx = (gx - col) * 3;
            int sub = Math.min(2, (int) fx);
            boolean lit = fy < apertureY && fx - sub < apertureX;
            double value = Math.clamp(bilinear(source, w, h, (col + 0.5) * pitchPx - MARGIN, (row + 0.5) * pitchPx - MARGIN), 0, 255);
            double emitted = black + (1 - black) * transfer.at(value / 255);
            // emission per lit area, normalised so a white display averages `brightness` of a white reflector
            return ambient + (lit ? brightness * emitted * weight[sub] / meanLit : 0);
        };
        Scene nirScene = (u, v) -> {
            double value = Math.clamp(bilinear(source, w, h, u, v), 0, 255);
            return nirReflectance * ((1 - nirImage) + nirImage * value / 255);
        };
        Camera visibleCamera = Camera.draw(m, r, factor, w, h, m.screenGlareLevels().draw(r));
        Camera nirCamera = Camera.draw(m, r, factor, w, h, m.screenNirGlareLevels().draw(r));
        double[] visible = photograph(visibleScene, view, 0, 0, visibleCamera, w, h, r);
        double[] nir = photograph(nirScene, view, registration * StrictMath.cos(regAngle), registration * StrictMath.sin(regAngle),
                nirCamera, w, h, r);
        return new Frames(visible, nir);
    }

    // ---------------------------------------------------------------- camera

    /**
     * The scene through the camera: point samples over each native pixel, exposure and vignetting,
     * a specular spot, the optics' PSF, read and photon noise, then the native frame area-averaged
     * down to the ROI.
     */
    private static double[] photograph(Scene scene, View view, double dx, double dy, Camera c, int w, int h,
            SplittableRandom r) {
        int f = c.factor(), nw = w * f, nh = h * f;
        double[] nativeFrame = new double[nw * nh];
        double[] at = new double[2];
        double cornerSq = ((w / 2.0) * (w / 2.0) + (h / 2.0) * (h / 2.0));
        for (int j = 0; j < nh; j++) {
            for (int i = 0; i < nw; i++) {
                double acc = 0;
                for (int sy = 0; sy < SAMPLES; sy++) {
                    for (int sx = 0; sx < SAMPLES; sx++) {
                        double x = (i + (sx + 0.5) / SAMPLES) / f - 0.5, y = (j + (sy + 0.5) / SAMPLES) / f - 0.5;
                        view.artefact(x, y, dx, dy, at);
                        acc += scene.at(at[0], at[1]);
                    }
                }
                double x = (i + 0.5) / f - 0.5, y = (j + 0.5) / f - 0.5;
                double rr = ((x - w / 2.0) * (x - w / 2.0) + (y - h / 2.0) * (y - h / 2.0)) / cornerSq;
                double gx = x - c.glareX(), gy = y - c.glareY();
                nativeFrame[j * nw + i] = c.white() * (1 - c.vignetting() * rr) * acc / (SAMPLES * SAMPLES)
                        + c.glareLevels() * StrictMath.exp(-0.5 * (gx * gx + gy * gy) / (c.glareSigma() * c.glareSigma()));
            }
        }
        double[] blurred = convolve(nativeFrame, nw, nh, c.psf(), c.psfRadius());
        for (int i = 0; i < blurred.length; i++) {
            double level = Math.max(0, blurred[i]);
            double sigma = StrictMath.sqrt(c.read() * c.read() + c.gain() * level);
            blurred[i] = Math.clamp(level + sigma * normal(r), 0, 255); // the native pixel saturates before averaging
        }
        double[] roi = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int j = 0; j < f; j++) for (int i = 0; i < f; i++) acc += blurred[(y * f + j) * nw + x * f + i];
                roi[y * w + x] = acc / (f * f);
            }
        }
        return roi;
    }

    private static double[] convolve(double[] img, int w, int h, double[] k, int radius) {
        int side = 2 * radius + 1;
        double[] out = new double[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int ky = -radius; ky <= radius; ky++) {
                    int yy = Math.clamp(y + ky, 0, h - 1) * w;
                    for (int kx = -radius; kx <= radius; kx++) {
                        double kv = k[(ky + radius) * side + kx + radius];
                        if (kv != 0) acc += kv * img[yy + Math.clamp(x + kx, 0, w - 1)];
                    }
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    private static double normal(SplittableRandom r) {
        // Marsaglia polar method (StrictMath: the same bytes on every JDK)
        while (true) {
            double u = 2 * r.nextDouble() - 1, v = 2 * r.nextDouble() - 1, s = u * u + v * v;
            if (s > 0 && s < 1) return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        }
    }

    // ---------------------------------------------------------------- resampling

    private static double pixel(double[] img, int w, int h, int x, int y) {
        return img[Math.clamp(y, 0, h - 1) * w + Math.clamp(x, 0, w - 1)];
    }

    private static double bilinear(double[] img, int w, int h, double x, double y) {
        int x0 = (int) StrictMath.floor(x), y0 = (int) StrictMath.floor(y);
        double fx = x - x0, fy = y - y0;
        return (1 - fy) * ((1 - fx) * pixel(img, w, h, x0, y0) + fx * pixel(img, w, h, x0 + 1, y0))
                + fy * ((1 - fx) * pixel(img, w, h, x0, y0 + 1) + fx * pixel(img, w, h, x0 + 1, y0 + 1));
    }

    private static double grid(float[] img, int w, int h, double x, double y) {
        int x0 = (int) StrictMath.floor(x), y0 = (int) StrictMath.floor(y);
        double fx = x - x0, fy = y - y0;
        int xa = Math.clamp(x0, 0, w - 1), xb = Math.clamp(x0 + 1, 0, w - 1), ya = Math.clamp(y0, 0, h - 1) * w, yb = Math.clamp(y0 + 1, 0, h - 1) * w;
        return (1 - fy) * ((1 - fx) * img[ya + xa] + fx * img[ya + xb]) + fy * ((1 - fx) * img[yb + xa] + fx * img[yb + xb]);
    }

    /** Catmull-Rom bicubic, edge replication: the printer driver's resampling of the image to its dots. */
    private static double cubic(double[] img, int w, int h, double x, double y) {
        int x0 = (int) StrictMath.floor(x), y0 = (int) StrictMath.floor(y);
        double fx = x - x0, fy = y - y0;
        double acc = 0;
        for (int j = -1; j <= 2; j++) {
            double wy = catmullRom(j - fy);
            for (int i = -1; i <= 2; i++) acc += wy * catmullRom(i - fx) * pixel(img, w, h, x0 + i, y0 + j);
        }
        return acc;
    }

    private static double catmullRom(double t) {
        double a = StrictMath.abs(t);
        if (a < 1) return 1.5 * a * a * a - 2.5 * a * a + 1;
        if (a < 2) return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
        return 0;
    }
}
