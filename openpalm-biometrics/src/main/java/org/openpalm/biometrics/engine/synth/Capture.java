package org.openpalm.biometrics.engine.synth;

import java.util.SplittableRandom;

/**
 * The conditions of one capture of a palm: pose, skin stretch, lighting and the imaging chain.
 * Pose, lighting and crease visibility are partly shared by a session (the same day, the same
 * way of holding the hand), so that cross-session pairs differ more than same-session pairs, as
 * in real collections.
 *
 * @param rotationDegrees     in-plane rotation about the ROI centre
 * @param scale               magnification (1 = canonical)
 * @param shiftXPixels        translation, x
 * @param shiftYPixels        translation, y
 * @param warpAmplitudePixels largest elastic displacement
 * @param visibility          crease visibility (0..~1.2): how much a grazing light darkens creases
 * @param brightnessGrey      mean skin grey level before gamma
 * @param gradientX           linear illumination change from centre to the right edge (fraction)
 * @param gradientY           ... to the bottom edge
 * @param gamma               display gamma applied to the normalised brightness
 * @param blurSigmaPixels     Gaussian optical blur
 * @param noiseSigmaGrey      Gaussian sensor noise
 * @param jpegQuality         JPEG quality 0..1 of the capture pipeline
 * @param fieldSeed           seed of the warp, visibility, shading and noise fields
 */
public record Capture(
        double rotationDegrees,
        double scale,
        double shiftXPixels,
        double shiftYPixels,
        double warpAmplitudePixels,
        double visibility,
        double brightnessGrey,
        double gradientX,
        double gradientY,
        double gamma,
        double blurSigmaPixels,
        double noiseSigmaGrey,
        double jpegQuality,
        long fieldSeed) {

    /** Session-shared lighting varies this much more between samples of one session. */
    private static final double SAMPLE_BRIGHTNESS_JITTER_FRACTION = 0.08;
    private static final double SAMPLE_VISIBILITY_JITTER_FRACTION = 0.08;
    private static final double SAMPLE_GRADIENT_JITTER_FRACTION = 0.3;

    /** The capture for one sample: session conditions from {@code sessionSeed}, jitter from {@code sampleSeed}. */
    public static Capture draw(long sessionSeed, long sampleSeed, SynthConfig config) {
        SplittableRandom session = new SplittableRandom(sessionSeed);
        SplittableRandom sample = new SplittableRandom(sampleSeed);
        // Residual rotation after ROI extraction is mostly small, rarely large: Gaussian, clamped.
        double rotation = Math.clamp(
                config.sessionRotationSigmaDegrees() * session.nextGaussian()
                        + config.sampleRotationSigmaDegrees() * sample.nextGaussian(),
                -config.rotationMaxDegrees(), config.rotationMaxDegrees());
        double scale = 1 + symmetric(session, config.sessionScaleMaxFraction())
                + symmetric(sample, config.sampleScaleMaxFraction());
        double shiftX = symmetric(session, config.sessionShiftMaxPixels()) + symmetric(sample, config.sampleShiftMaxPixels());
        double shiftY = symmetric(session, config.sessionShiftMaxPixels()) + symmetric(sample, config.sampleShiftMaxPixels());

        double visibility = PalmAnatomy.uniform(session, config.visibilityMin(), config.visibilityMax())
                * (1 + symmetric(sample, SAMPLE_VISIBILITY_JITTER_FRACTION));
        double brightness = PalmAnatomy.uniform(session, config.brightnessMinGrey(), config.brightnessMaxGrey())
                * (1 + symmetric(sample, SAMPLE_BRIGHTNESS_JITTER_FRACTION));
        double gradientAngle = PalmAnatomy.uniform(session, 0, 2 * Math.PI);
        double gradient = config.gradientMaxFraction() * session.nextDouble()
                * (1 + symmetric(sample, SAMPLE_GRADIENT_JITTER_FRACTION));
        double gamma = PalmAnatomy.uniform(sample, config.gammaMin(), config.gammaMax());

        double warp = config.warpAmplitudeMaxPixels() * sample.nextDouble();
        double blur = PalmAnatomy.uniform(sample, config.blurSigmaMinPixels(), config.blurSigmaMaxPixels());
        double noise = PalmAnatomy.uniform(sample, config.noiseSigmaMinGrey(), config.noiseSigmaMaxGrey());
        double quality = PalmAnatomy.uniform(sample, config.jpegQualityMin(), config.jpegQualityMax());
        return new Capture(rotation, scale, shiftX, shiftY, warp, visibility, brightness,
                gradient * StrictMath.cos(gradientAngle), gradient * StrictMath.sin(gradientAngle),
                gamma, blur, noise, quality, sample.nextLong());
    }

    private static double symmetric(SplittableRandom random, double max) {
        return max * (2 * random.nextDouble() - 1);
    }
}
