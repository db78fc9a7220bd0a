package org.openpalm.biometrics;

/**
 * Every parameter of {@link SimulatedAttacks}. Each attack draws every parameter uniformly from
 * its range (seeded), so a set covers a spread of printers, screens, poses and cameras rather than
 * one setting. Grey levels are 0..255 as the camera records them; pixels are capture pixels (a
 * 128 x 128 ROI covers a palm of about 60 mm, so one pixel is about 0.47 mm).
 *
 * <p><b>Pose</b> (all kinds): the attacker holds the artefact about where the palm would be.
 * @param poseRotationDegrees        in-plane rotation of the artefact against the original capture
 * @param poseScale                  size of the artefact against the palm (a print or screen at
 *                                   "life size", give or take)
 * @param poseShiftPixels            offset in x and in y (each drawn separately)
 *
 * <p><b>Print</b> (print and nir-print): a black laser print. Toner is carbon black, which
 * absorbs visible and near-infrared light alike; paper reflects both. So the same printed dots
 * are seen in both bands, with nearly the same contrast.
 * @param printHalftonePeriodPixels  clustered-dot halftone cell (a 600 dpi printer at 85-120 lpi,
 *                                   0.21-0.30 mm, seen at 0.47 mm a pixel is below one pixel:
 *                                   here the period as it lands on the sensor, aliasing included)
 * @param printHalftoneAngleDegrees  screen angle of the halftone (45 degrees is usual for black)
 * @param printDotEdgeSoftnessTone   width of a dot's edge in tone units (0..1): toner scatter
 * @param printPaperReflectanceVisible / printPaperReflectanceNir  white paper, visible and 940 nm
 * @param printTonerReflectanceVisible / printTonerReflectanceNir  solid toner, visible and 940 nm
 * @param printDotGainBlurPixels     toner spread beyond the dot (dot gain), as a Gaussian sigma
 *
 * <p><b>Screen</b>: an LCD or OLED showing the visible image.
 * @param screenPixelPitchPixels     display pixel pitch on the sensor (a 400-460 ppi phone held
 *                                   a little closer than the palm would be); non-integer, so the
 *                                   pixel grid beats with the sensor grid (moire)
 * @param screenFillFactor           lit fraction of each display pixel's area (the rest is the
 *                                   black matrix between pixels)
 * @param screenBlackLevels          grey level of a black display pixel (ambient light on glass)
 * @param screenWhiteLevels          grey level of a white display pixel (display brightness and
 *                                   camera exposure: the gamut is narrower than skin under the
 *                                   reader's light)
 * @param screenGlareAmplitudeLevels peak of the specular reflection of the reader's visible
 *                                   light on the cover glass
 * @param screenGlareSigmaPixels     size (Gaussian sigma) of that reflection
 * @param nirScreenDarkLevels        the 940 nm frame of a screen: displays emit no near-infrared,
 *                                   so only the dark level of the sensor plus stray light
 * @param nirGlareAmplitudeLevels    peak of the specular reflection of the reader's 940 nm LEDs
 *                                   on the cover glass (the only thing a NIR camera sees there)
 * @param nirGlareSigmaPixels        size of that reflection
 *
 * <p><b>Camera</b> (all kinds, each band drawn separately):
 * @param captureWhiteLevels         grey level a perfect white reflector would give (exposure)
 * @param captureBlurPixels          optics and focus, Gaussian sigma
 * @param captureNoiseLevels         sensor noise, Gaussian sigma in grey levels
 * @param captureShadingFraction     linear fall-off of the reader's light across the frame
 */
public record AttackModel(
        Range poseRotationDegrees, Range poseScale, Range poseShiftPixels,
        Range printHalftonePeriodPixels, Range printHalftoneAngleDegrees, double printDotEdgeSoftnessTone,
        Range printPaperReflectanceVisible, Range printPaperReflectanceNir,
        Range printTonerReflectanceVisible, Range printTonerReflectanceNir, Range printDotGainBlurPixels,
        Range screenPixelPitchPixels, Range screenFillFactor, Range screenBlackLevels, Range screenWhiteLevels,
        Range screenGlareAmplitudeLevels, Range screenGlareSigmaPixels,
        Range nirScreenDarkLevels, Range nirGlareAmplitudeLevels, Range nirGlareSigmaPixels,
        Range captureWhiteLevels, Range captureBlurPixels, Range captureNoiseLevels, Range captureShadingFraction) {

    /** A closed interval a parameter is drawn from, uniformly. */
    public record Range(double min, double max) {
        public Range {
            if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
            }
        }

        public double draw(java.util.random.RandomGenerator random) {
            return min == max ? min : min + (max - min) * random.nextDouble();
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }

    public static final AttackModel DEFAULT = new AttackModel(
            new Range(-4, 4), new Range(0.95, 1.05), new Range(-3, 3),
            new Range(2.6, 4.5), new Range(30, 60), 0.15,
            new Range(0.80, 0.90), new Range(0.85, 0.93),
            new Range(0.04, 0.08), new Range(0.05, 0.10), new Range(0.2, 0.5),
            new Range(2.2, 3.6), new Range(0.65, 0.90), new Range(12, 35), new Range(185, 240),
            new Range(20, 70), new Range(8, 25),
            new Range(3, 12), new Range(30, 120), new Range(5, 14),
            new Range(215, 250), new Range(0.4, 0.9), new Range(1.5, 3.0), new Range(0, 0.10));

    /**
     * A harder set, to check that the dual-band cues do not rest on the default set's look: finer
     * halftone (1.2-2 px: dots the sensor half averages away), thicker dot edges and more dot
     * gain, a softer camera (blur 0.8-1.6 px), toner that absorbs less at 940 nm (reflectance
     * 0.15-0.30) on NIR-brighter paper, a finer display grid (1.2-2 px, fill 0.85-0.98), more
     * stray NIR light on a screen (20-60 levels, glare 60-160), and larger pose changes.
     */
    public static final AttackModel HARD = new AttackModel(
            new Range(-8, 8), new Range(0.90, 1.10), new Range(-5, 5),
            new Range(1.2, 2.0), new Range(30, 60), 0.30,
            new Range(0.80, 0.90), new Range(0.90, 0.97),
            new Range(0.04, 0.08), new Range(0.15, 0.30), new Range(0.5, 1.0),
            new Range(1.2, 2.0), new Range(0.85, 0.98), new Range(12, 35), new Range(185, 240),
            new Range(20, 70), new Range(8, 25),
            new Range(20, 60), new Range(60, 160), new Range(10, 30),
            new Range(215, 250), new Range(0.8, 1.6), new Range(1.5, 3.0), new Range(0, 0.10));

    public AttackModel {
        if (!(printDotEdgeSoftnessTone > 0 && printDotEdgeSoftnessTone <= 1)) {
            throw new IllegalArgumentException("printDotEdgeSoftnessTone must be in (0,1]");
        }
        if (screenFillFactor.min() <= 0 || screenFillFactor.max() > 1) {
            throw new IllegalArgumentException("screenFillFactor must be in (0,1]");
        }
        if (printHalftonePeriodPixels.min() <= 0 || screenPixelPitchPixels.min() <= 0 || poseScale.min() <= 0) {
            throw new IllegalArgumentException("periods, pitches and scales must be positive");
        }
    }

    /** One line per parameter, name = range, for the attack set's README and manifest header. */
    public java.util.List<String> describe() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var c : AttackModel.class.getRecordComponents()) {
            try {
                out.add(c.getName() + " = " + c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
