package org.openpalm.biometrics.engine.pad;

/**
 * Liveness cues, each oriented so that a larger value looks more like an attack. Values are raw
 * measurements; how far from live they are is judged against the bona fide distribution (see
 * {@code LivenessModel}).
 */
public final class CueExtractor {
    /** Cues of a visible + near-infrared pair (dual camera), in this order. */
    public static final java.util.List<String> DUAL_BAND = java.util.List.of("nir_darkness", "band_agreement", "band_sharpness");
    /** Cues of a visible frame alone (single camera), in this order. */
    public static final java.util.List<String> SINGLE_CAMERA = java.util.List.of("periodic_peak");

    private final double detailSigmaPixels;
    private final double bandPassInnerSigmaPixels;
    private final double bandPassOuterSigmaPixels;
    private final double periodicFromNyquist;
    private final double periodicToNyquist;
    private final int spectrumMaxSidePixels;

    public CueExtractor(double detailSigmaPixels, double bandPassInnerSigmaPixels, double bandPassOuterSigmaPixels,
            double periodicFromNyquist, double periodicToNyquist, int spectrumMaxSidePixels) {
        this.detailSigmaPixels = detailSigmaPixels;
        this.bandPassInnerSigmaPixels = bandPassInnerSigmaPixels;
        this.bandPassOuterSigmaPixels = bandPassOuterSigmaPixels;
        this.periodicFromNyquist = periodicFromNyquist;
        this.periodicToNyquist = periodicToNyquist;
        this.spectrumMaxSidePixels = spectrumMaxSidePixels;
    }

    public double[] dualBand(Raster visible, Raster nir) {
        Raster nirDetail = nir.minus(nir.blur(detailSigmaPixels));
        Raster visDetail = visible.minus(visible.blur(detailSigmaPixels));
        Raster visBand = visible.blur(bandPassInnerSigmaPixels).minus(visible.blur(bandPassOuterSigmaPixels));
        Raster nirBand = nir.blur(bandPassInnerSigmaPixels).minus(nir.blur(bandPassOuterSigmaPixels));
        double nirDetailLevels = nirDetail.standardDeviation();
        double visDetailLevels = visDetail.standardDeviation();
        return new double[] {
            // a display emits no near-infrared: the 940 nm frame of a screen is dark
            255 - nir.mean(),
            // toner absorbs both bands: a print shows the same lines in both; live skin shows veins
            // and softened creases at 940 nm, creases in visible light
            visBand.correlation(nirBand),
            // live skin scatters 940 nm light under the surface: its NIR detail is softer than its
            // visible detail; a print is one surface, as sharp in both
            StrictMath.log((nirDetailLevels + 0.5) / (visDetailLevels + 0.5))
        };
    }

    public double[] singleCamera(Raster visible) {
        // halftone dots, a display's pixel grid and their moire with the sensor are periodic:
        // isolated spectral peaks that skin does not make
        return new double[] {
            Spectrum.of(visible, spectrumMaxSidePixels).peakOverRingMedianLog(periodicFromNyquist, periodicToNyquist)
        };
    }
}
