package org.openpalm.biometrics.engine.synth;

/**
 * Every tuning constant of the synthetic palm generator, in one place. Lengths are in pixels of
 * the 128 x 128 region of interest (ROI) unless the name says otherwise; grey levels are on the
 * 0..255 scale; "fraction" values are relative to the local skin brightness.
 *
 * <p>The defaults were tuned so that the recognition engine finds synthetic palms about as hard
 * as real contactless ROIs (Tongji): overlapping but separable genuine and impostor scores.
 *
 * @param sidePixels                    output ROI side
 * @param canvasMarginPixels            canonical palm drawn this far beyond each ROI edge, so pose
 *                                      and warp never pull blank canvas into view
 * @param supersampling                 canonical maps are drawn at this many samples per ROI pixel,
 *                                      which anti-aliases the creases when resampled
 * @param principalWidthMinPixels       Gaussian sigma of a principal crease profile, lower bound
 * @param principalWidthMaxPixels       ... upper bound
 * @param principalDepthMin             crease darkness (0..1 of the crease contrast), lower bound
 * @param principalDepthMax             ... upper bound
 * @param wobbleAmplitudePixels         largest sideways meander of a crease around its Bezier path
 * @param wobbleWavelengthPixels        length scale of that meander
 * @param fateLineProbability           share of palms with a vertical (fate) crease
 * @param secondaryWrinklesMin          fewest secondary wrinkles per palm
 * @param secondaryWrinklesMax          most secondary wrinkles per palm
 * @param secondaryLengthMinPixels      shortest secondary wrinkle
 * @param secondaryLengthMaxPixels      longest secondary wrinkle
 * @param secondaryWidthMinPixels       secondary wrinkle profile sigma, lower bound
 * @param secondaryWidthMaxPixels       ... upper bound
 * @param secondaryDepthMin             secondary wrinkle darkness, lower bound
 * @param secondaryDepthMax             ... upper bound
 * @param fineWrinklesMin               fewest fine crosshatch wrinkles (skin texture) per palm
 * @param fineWrinklesMax               most fine crosshatch wrinkles per palm
 * @param fineLengthMaxPixels           longest fine wrinkle
 * @param fineDepthMax                  darkest fine wrinkle
 * @param creaseContrastFraction        brightness lost at full crease depth
 * @param skinCoarseNoiseFraction       amplitude of the coarse skin-tone noise
 * @param skinCoarseWavelengthPixels    wavelength of the coarse skin-tone noise
 * @param skinFineNoiseFraction         amplitude of the fine band-limited skin noise
 * @param skinFineWavelengthPixels      wavelength of the fine skin noise
 * @param ridgeFraction                 amplitude of the fine ridge-like texture
 * @param ridgePeriodPixels             period of that ridge texture
 * @param rotationMaxDegrees            largest pose rotation, each direction (ROI extraction leaves
 *                                      some residual rotation; the matcher searches up to +-12 degrees,
 *                                      so the spread below, not the limit, sets the difficulty: 2.8 and
 *                                      1.4 degrees give an EER near 0.5%, as the real full-hand sets)
 * @param sessionRotationSigmaDegrees   standard deviation of the rotation shared by one session
 * @param sampleRotationSigmaDegrees    standard deviation of the further rotation per sample
 * @param sessionShiftMaxPixels         translation shared by a session, each axis
 * @param sampleShiftMaxPixels          further translation per sample
 * @param sessionScaleMaxFraction       scale change shared by a session
 * @param sampleScaleMaxFraction        further scale change per sample (together within 5 %)
 * @param warpAmplitudeMaxPixels        largest smooth elastic displacement (skin stretch)
 * @param warpWavelengthPixels          length scale of the elastic warp
 * @param visibilityMin                 crease visibility of a capture (lighting angle), lower bound
 * @param visibilityMax                 ... upper bound
 * @param visibilityVariationFraction   spatial variation of that visibility across the ROI
 * @param brightnessMinGrey             mean skin grey level of a capture, lower bound
 * @param brightnessMaxGrey             ... upper bound
 * @param gradientMaxFraction           strongest linear illumination gradient, edge to centre
 * @param shadingFraction               amplitude of smooth illumination blotches
 * @param gammaMin                      display gamma of a capture, lower bound
 * @param gammaMax                      ... upper bound
 * @param blurSigmaMinPixels            optical blur (Gaussian sigma), lower bound
 * @param blurSigmaMaxPixels            ... upper bound
 * @param noiseSigmaMinGrey             sensor noise, lower bound
 * @param noiseSigmaMaxGrey             ... upper bound
 * @param jpegQualityMin                JPEG quality (0..1) of the capture pipeline, lower bound
 * @param jpegQualityMax                ... upper bound
 */
public record SynthConfig(
        int sidePixels,
        int canvasMarginPixels,
        int supersampling,
        double principalWidthMinPixels,
        double principalWidthMaxPixels,
        double principalDepthMin,
        double principalDepthMax,
        double wobbleAmplitudePixels,
        double wobbleWavelengthPixels,
        double fateLineProbability,
        int secondaryWrinklesMin,
        int secondaryWrinklesMax,
        double secondaryLengthMinPixels,
        double secondaryLengthMaxPixels,
        double secondaryWidthMinPixels,
        double secondaryWidthMaxPixels,
        double secondaryDepthMin,
        double secondaryDepthMax,
        int fineWrinklesMin,
        int fineWrinklesMax,
        double fineLengthMaxPixels,
        double fineDepthMax,
        double creaseContrastFraction,
        double skinCoarseNoiseFraction,
        double skinCoarseWavelengthPixels,
        double skinFineNoiseFraction,
        double skinFineWavelengthPixels,
        double ridgeFraction,
        double ridgePeriodPixels,
        double rotationMaxDegrees,
        double sessionRotationSigmaDegrees,
        double sampleRotationSigmaDegrees,
        double sessionShiftMaxPixels,
        double sampleShiftMaxPixels,
        double sessionScaleMaxFraction,
        double sampleScaleMaxFraction,
        double warpAmplitudeMaxPixels,
        double warpWavelengthPixels,
        double visibilityMin,
        double visibilityMax,
        double visibilityVariationFraction,
        double brightnessMinGrey,
        double brightnessMaxGrey,
        double gradientMaxFraction,
        double shadingFraction,
        double gammaMin,
        double gammaMax,
        double blurSigmaMinPixels,
        double blurSigmaMaxPixels,
        double noiseSigmaMinGrey,
        double noiseSigmaMaxGrey,
        double jpegQualityMin,
        double jpegQualityMax) {

    public static final SynthConfig DEFAULT = new SynthConfig(
            128, 40, 2,
            1.3, 2.2, 0.7, 1.0, 1.2, 24.0, 0.6,
            5, 15, 15.0, 45.0, 0.7, 1.2, 0.3, 0.5,
            120, 240, 10.0, 0.35,
            0.20,
            0.10, 40.0, 0.05, 6.0, 0.03, 3.0,
            10.0, 2.8, 1.4, 3.0, 2.0, 0.03, 0.02,
            1.5, 40.0,
            0.65, 1.15, 0.3,
            85.0, 140.0, 0.25, 0.12, 0.8, 1.25,
            0.4, 1.1, 1.5, 4.0, 0.55, 0.95);

    public SynthConfig {
        if (sidePixels < 16) throw new IllegalArgumentException("sidePixels must be at least 16");
        if (canvasMarginPixels < 0) throw new IllegalArgumentException("canvasMarginPixels must be >= 0");
        if (supersampling < 1) throw new IllegalArgumentException("supersampling must be >= 1");
        if (secondaryWrinklesMin < 0 || secondaryWrinklesMax < secondaryWrinklesMin) {
            throw new IllegalArgumentException("need 0 <= secondaryWrinklesMin <= secondaryWrinklesMax");
        }
        if (fineWrinklesMin < 0 || fineWrinklesMax < fineWrinklesMin) {
            throw new IllegalArgumentException("need 0 <= fineWrinklesMin <= fineWrinklesMax");
        }
        if (jpegQualityMin <= 0 || jpegQualityMax > 1 || jpegQualityMax < jpegQualityMin) {
            throw new IllegalArgumentException("need 0 < jpegQualityMin <= jpegQualityMax <= 1");
        }
        if (gammaMin <= 0 || gammaMax < gammaMin) throw new IllegalArgumentException("need 0 < gammaMin <= gammaMax");
    }
}
