package org.openpalm.biometrics.engine.pad;

import java.util.SplittableRandom;
import org.openpalm.biometrics.AttackModel;

/**
 * Renders what a reader's cameras record when an artefact is held over it. Work is in capture
 * pixels; the artefact's own coordinates are the source image's pixels (printed or shown at life
 * size), reached from a capture pixel through the inverse of the pose.
 */
public final class AttackRenderer {
    /** Sub-samples per capture pixel along each axis: the sensor integrates over its pixel, which is what makes dots and display pixels alias into moire. */
    private static final int SUPERSAMPLING = 3;

    private final AttackModel model;

    public AttackRenderer(AttackModel model) {
        this.model = model;
    }

    /** The artefact's placement: capture pixel to artefact coordinates. */
    record Pose(double cos, double sin, double scale, double shiftX, double shiftY, double centreX, double centreY) {
        static Pose draw(AttackModel m, SplittableRandom random, int width, int height) {
            double angle = StrictMath.toRadians(m.poseRotationDegrees().draw(random));
            return new Pose(StrictMath.cos(angle), StrictMath.sin(angle), m.poseScale().draw(random),
                    m.poseShiftPixels().draw(random), m.poseShiftPixels().draw(random), (width - 1) / 2.0, (height - 1) / 2.0);
        }

        double artefactX(double x, double y) {
            double dx = x - centreX - shiftX, dy = y - centreY - shiftY;
            return (cos * dx + sin * dy) / scale + centreX;
        }

        double artefactY(double x, double y) {
            double dx = x - centreX - shiftX, dy = y - centreY - shiftY;
            return (-sin * dx + cos * dy) / scale + centreY;
        }
    }

    /**
     * A black laser print of {@code source}, photographed in both bands at the same instant: the
     * toner coverage is one map, seen with each band's paper and toner reflectance and camera.
     */
    public Raster[] print(Raster source, SplittableRandom random) {
        Pose pose = Pose.draw(model, random, source.width(), source.height());
        double period = model.printHalftonePeriodPixels().draw(random);
        double angle = StrictMath.toRadians(model.printHalftoneAngleDegrees().draw(random));
        double ca = StrictMath.cos(angle), sa = StrictMath.sin(angle);
        double soft = model.printDotEdgeSoftnessTone();
        int w = source.width(), h = source.height();
        float[] coverage = integrate(w, h, 0, (cx, cy) -> {
            double px = pose.artefactX(cx, cy), py = pose.artefactY(cx, cy);
            double darkness = 1 - Math.clamp(source.sample(px, py), 0, 255) / 255.0;
            // clustered-dot screen: the dot grows from the cell centre as the tone darkens
            double u = (ca * px + sa * py) * 2 * Math.PI / period;
            double v = (-sa * px + ca * py) * 2 * Math.PI / period;
            double threshold = 0.5 - 0.25 * (StrictMath.cos(u) + StrictMath.cos(v));
            return Math.clamp((darkness - threshold) / soft + 0.5, 0, 1);
        });
        Raster covered = new Raster(w, h, coverage).blur(model.printDotGainBlurPixels().draw(random));
        Raster visible = photograph(reflectance(covered, model.printPaperReflectanceVisible().draw(random),
                model.printTonerReflectanceVisible().draw(random)), random);
        Raster nir = photograph(reflectance(covered, model.printPaperReflectanceNir().draw(random),
                model.printTonerReflectanceNir().draw(random)), random);
        return new Raster[] {visible, nir};
    }

    /** {@code base} plus the mean of {@code at(x, y)} over each capture pixel's sub-samples. */
    private static float[] integrate(int w, int h, double base, java.util.function.DoubleBinaryOperator at) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int sy = 0; sy < SUPERSAMPLING; sy++) {
                    for (int sx = 0; sx < SUPERSAMPLING; sx++) {
                        acc += at.applyAsDouble(x + (sx + 0.5) / SUPERSAMPLING - 0.5, y + (sy + 0.5) / SUPERSAMPLING - 0.5);
                    }
                }
                out[y * w + x] = (float) (base + acc / (SUPERSAMPLING * SUPERSAMPLING));
            }
        }
        return out;
    }

    private static Raster reflectance(Raster coverage, double paper, double toner) {
        float[] r = new float[coverage.values().length];
        for (int i = 0; i < r.length; i++) r[i] = (float) (paper - (paper - toner) * coverage.values()[i]);
        return new Raster(coverage.width(), coverage.height(), r);
    }

    /** Reflectance (0..1) to grey levels through one camera: exposure, shading, blur, noise. */
    private Raster photograph(Raster reflectance, SplittableRandom random) {
        double white = model.captureWhiteLevels().draw(random);
        double shading = model.captureShadingFraction().draw(random);
        double direction = random.nextDouble() * 2 * Math.PI;
        int w = reflectance.width(), h = reflectance.height();
        float[] lit = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double along = ((x - w / 2.0) * StrictMath.cos(direction) + (y - h / 2.0) * StrictMath.sin(direction)) / w;
                lit[y * w + x] = (float) (white * (1 - shading * (along + 0.5)) * reflectance.values()[y * w + x]);
            }
        }
        return withNoise(new Raster(w, h, lit).blur(model.captureBlurPixels().draw(random)),
                model.captureNoiseLevels().draw(random), random);
    }

    private static Raster withNoise(Raster image, double sigma, SplittableRandom random) {
        float[] out = image.values().clone();
        for (int i = 0; i < out.length; i++) out[i] += (float) (sigma * gaussian(random));
        return new Raster(image.width(), image.height(), out);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom's nextGaussian would do, but this keeps the bytes fixed across JDKs
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    /**
     * {@code source} shown on a display: visible frame with the pixel grid, narrowed gamut and
     * glare; near-infrared frame dark but for the glass's reflection of the reader's LEDs.
     */
    public Raster[] screen(Raster source, SplittableRandom random) {
        Pose pose = Pose.draw(model, random, source.width(), source.height());
        double pitch = model.screenPixelPitchPixels().draw(random);
        double aperture = StrictMath.sqrt(model.screenFillFactor().draw(random));
        double black = model.screenBlackLevels().draw(random);
        double white = model.screenWhiteLevels().draw(random);
        int w = source.width(), h = source.height();
        // black matrix and dark pixels alike show the black level (ambient light on the glass)
        float[] seen = integrate(w, h, black, (cx, cy) -> {
            double px = pose.artefactX(cx, cy) / pitch, py = pose.artefactY(cx, cy) / pitch;
            double cellX = StrictMath.floor(px), cellY = StrictMath.floor(py);
            boolean lit = px - cellX < aperture && py - cellY < aperture;
            return lit ? white * Math.clamp(source.sample((cellX + 0.5) * pitch, (cellY + 0.5) * pitch), 0, 255) / 255.0 : 0;
        });
        Raster visible = new Raster(w, h, seen);
        visible = addGlare(visible, model.screenGlareAmplitudeLevels().draw(random), model.screenGlareSigmaPixels().draw(random), random);
        visible = withNoise(visible.blur(model.captureBlurPixels().draw(random)), model.captureNoiseLevels().draw(random), random);
        Raster nir = Raster.filled(w, h, (float) model.nirScreenDarkLevels().draw(random));
        nir = addGlare(nir, model.nirGlareAmplitudeLevels().draw(random), model.nirGlareSigmaPixels().draw(random), random);
        nir = withNoise(nir, model.captureNoiseLevels().draw(random), random);
        return new Raster[] {visible, nir};
    }

    private static Raster addGlare(Raster image, double amplitude, double sigma, SplittableRandom random) {
        int w = image.width(), h = image.height();
        double gx = random.nextDouble() * w, gy = random.nextDouble() * h;
        float[] out = image.values().clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d2 = (x - gx) * (x - gx) + (y - gy) * (y - gy);
                out[y * w + x] += (float) (amplitude * StrictMath.exp(-0.5 * d2 / (sigma * sigma)));
            }
        }
        return new Raster(w, h, out);
    }
}
