package org.openpalm.biometrics;

import java.util.List;

/**
 * Every tuning constant of {@link LivenessDetector}, in one place.
 *
 * @param detailSigmaPixels          fine detail is the frame minus its Gaussian blur of this
 *                                   sigma (band_sharpness: NIR detail over visible detail)
 * @param bandPassInnerSigmaPixels   inner sigma of the difference-of-Gaussians band compared
 *                                   across bands (band_agreement): creases and veins, not noise
 * @param bandPassOuterSigmaPixels   outer sigma of that band (removes shading)
 * @param periodicFromNyquist        periodic_peak looks for spectral peaks from this spatial
 *                                   frequency (fraction of Nyquist: 0.25 = a period of 8 pixels)
 * @param periodicToNyquist          up to this one (0.95 = a period of 2.1 pixels)
 * @param spectrumMaxSidePixels      the spectrum is taken on the central power-of-two square of
 *                                   the frame, at most this side
 * @param dualBand                   the model judging visible + near-infrared pairs
 * @param singleCamera               the model judging a visible frame alone
 */
public record LivenessConfig(
        double detailSigmaPixels, double bandPassInnerSigmaPixels, double bandPassOuterSigmaPixels,
        double periodicFromNyquist, double periodicToNyquist, int spectrumMaxSidePixels,
        LivenessModel dualBand, LivenessModel singleCamera) {

    /**
     * Live distributions fitted on all 120 bona fide pairs of polyu-ms-green-roi +
     * polyu-ms-nir-roi (128 x 128 ROIs; {@code openpalm pad evaluate} prints this fit as
     * fit_on_all_bona_fide). The thresholds are set, not fitted: the highest live score there is
     * 2.54 sigmas dual band and 2.92 single camera; 5 and 4 sigmas leave room for palms outside
     * the fit (subject-disjoint BPCER 0 and 0.008 at these thresholds, docs/readme-pad.md), and
     * the nearest simulated attack is about 6 sigmas away. A reader with other cameras must refit
     * on its own bona fide captures ({@code openpalm pad evaluate} prints that fit).
     */
    public static final LivenessConfig DEFAULT = new LivenessConfig(1.5, 2.0, 8.0, 0.25, 0.95, 256,
            new LivenessModel(List.of(
                    new LivenessModel.CueScale("nir_darkness", 109.19, 2.453),
                    new LivenessModel.CueScale("band_agreement", 0.3408, 0.06766),
                    new LivenessModel.CueScale("band_sharpness", -0.6298, 0.09361)), 5.0),
            new LivenessModel(List.of(new LivenessModel.CueScale("periodic_peak", 3.492, 0.3359)), 4.0));

    public LivenessConfig {
        if (!(detailSigmaPixels > 0 && bandPassInnerSigmaPixels > 0 && bandPassOuterSigmaPixels > bandPassInnerSigmaPixels)) {
            throw new IllegalArgumentException("sigmas must be positive, outer above inner");
        }
        if (!(periodicFromNyquist > 0 && periodicToNyquist > periodicFromNyquist)) {
            throw new IllegalArgumentException("periodic band must be a positive interval");
        }
        if (spectrumMaxSidePixels < 16) throw new IllegalArgumentException("spectrumMaxSidePixels must be at least 16");
        if (dualBand == null || singleCamera == null) throw new IllegalArgumentException("both models are required");
    }

    public LivenessConfig withModels(LivenessModel dualBand, LivenessModel singleCamera) {
        return new LivenessConfig(detailSigmaPixels, bandPassInnerSigmaPixels, bandPassOuterSigmaPixels,
                periodicFromNyquist, periodicToNyquist, spectrumMaxSidePixels, dualBand, singleCamera);
    }
}
