package org.openpalm.biometrics;

import org.openpalm.biometrics.AttackModel.Range;

/**
 * Every parameter of {@link IndependentAttacks}: a second attack generator, written apart from
 * {@link SimulatedAttacks} (own code path, own image operations, own physics choices) so that
 * the liveness figures are not only measured on the attacks the detector was designed against.
 * Each attack draws every parameter uniformly from its range (seeded).
 *
 * <p>Units: millimetres on the artefact, dots per inch for printers, pixels per inch for displays,
 * ROI pixels ("px", the 128 x 128 capture the engine sees) for camera effects, grey levels 0..255.
 * Where {@link AttackModel} states effects in capture pixels, this model starts from the devices:
 * a printer's resolution, a display's ppi, the camera's native pixel, and lets the sensor's
 * sampling make whatever moire there is.
 *
 * <p><b>Geometry</b>
 * @param roiMillimetresPerPixel  palm size of one ROI pixel (the artefact is printed or shown at
 *                                life size: a 128 px ROI of a 55-65 mm palm centre)
 * @param sensorPixelsPerRoiPixel the camera's native pixels per ROI pixel along each axis
 *                                (integer part used: the ROI is the native frame area-averaged
 *                                down, which is where a display grid or a halftone aliases)
 * @param cameraDistanceMillimetres distance from the camera's pupil to the artefact (perspective)
 * @param tiltDegrees             tilt of the artefact's plane against the sensor, about an axis at
 *                                a random angle (a hand-held print or phone is rarely parallel)
 * @param rotationDegrees         in-plane rotation
 * @param scale                   artefact size against life size (printing or zoom error)
 * @param shiftPixels             offset in x and in y, each drawn separately
 * @param bandRegistrationPixels  misregistration of the near-infrared frame against the visible
 *                                one, in a random direction (two cameras calibrated for a hand
 *                                at the reader's distance see a flat artefact off that plane)
 *
 * <p><b>Print</b> (print and nir-print): ordered or stochastic halftone at the printer's
 * resolution, ink spread, Yule-Nielsen optical dot gain, paper fibre.
 * @param printerDotsPerInch      printer resolution (dot pitch 0.042-0.085 mm)
 * @param printerToneGamma        the driver's tone curve: printed coverage = darkness^gamma
 * @param printStochasticShare    share of attacks printed with error diffusion (FM screening, as
 *                                inkjets and many laser drivers do); the rest with an AM line
 *                                screen
 * @param printLinesPerInch       AM line screen frequency
 * @param printInkSpreadDots      ink or toner spread around each dot (box radius, printer dots)
 * @param printYuleNielsenN       optical dot gain: light entering paper beside a dot leaves under
 *                                it, R = (a Ri^(1/n) + (1-a) Rp^(1/n))^n
 * @param paperVisibleReflectance paper reflectance in the visible band
 * @param paperNirReflectance     paper reflectance at 940 nm
 * @param inkVisibleReflectance   solid black ink reflectance in the visible band
 * @param inkNirReflectance       solid black ink reflectance at 940 nm: 0.04-0.10 for carbon
 *                                (toner, pigment ink); composite or dye blacks absorb less, up to
 *                                0.40 here (an all-dye print, near paper white at 940 nm, is not
 *                                modelled)
 * @param paperFibreContrast      relative reflectance variation of the paper's fibres
 * @param printGlossShare         share of prints on glossy paper (a specular spot of each band's
 *                                LEDs)
 * @param printGlossLevels        peak of that spot
 *
 * <p><b>Screen</b> (an LCD or OLED phone showing the visible image; RGB stripe subpixels, a
 * monochrome camera).
 * @param displayPixelsPerInch    display resolution (pitch 0.055-0.127 mm)
 * @param displaySubpixelAperture lit width of each subpixel stripe and lit height of each row,
 *                                as a fraction of the pitch (the rest is black matrix)
 * @param displaySubpixelWeight   the camera's response to the red and blue subpixels relative to
 *                                green (each drawn separately)
 * @param displayGamma            display transfer: emitted = (value/255)^gamma
 * @param displayBrightness       display white against a white reflector under the reader's
 *                                light at the reader's exposure (auto-brightness, exposure)
 * @param displayContrastRatio    white over black (LCD backlight leakage)
 * @param displayAmbientReflectance diffuse reflectance of the panel for the reader's visible light
 * @param screenGlareLevels       specular spot of the reader's visible LEDs on the glass
 * @param displayNirReflectance   diffuse reflectance of the panel at 940 nm: polarisers and colour
 *                                filters are nearly transparent there, so the reader's NIR LEDs
 *                                reach the backlight's reflector sheet and part comes back
 * @param displayNirImageContrast fraction of the image's contrast still seen at 940 nm (polariser
 *                                extinction is poor there, not nil)
 * @param screenNirGlareLevels    specular spot of the reader's NIR LEDs on the glass
 * @param glareSigmaPixels        size of the specular spots (Gaussian sigma)
 *
 * <p><b>Camera</b> (each band drawn separately)
 * @param exposureWhiteLevels     grey level of a perfect white reflector at the centre
 * @param vignetting              fall-off of light towards the corners: 1 - v r^2, r = 1 at a corner
 * @param defocusRadiusPixels     defocus, a disk (not a Gaussian)
 * @param motionBlurPixels        hand tremor during the exposure, a line at a random angle
 * @param readNoiseLevels         sensor read noise, per native pixel
 * @param shotNoiseGain           photon noise: variance grows by this many levels per grey level
 */
public record IndependentAttackModel(
        Range roiMillimetresPerPixel, Range sensorPixelsPerRoiPixel, Range cameraDistanceMillimetres,
        Range tiltDegrees, Range rotationDegrees, Range scale, Range shiftPixels, Range bandRegistrationPixels,
        Range printerDotsPerInch, Range printerToneGamma, double printStochasticShare, Range printLinesPerInch,
        Range printInkSpreadDots, Range printYuleNielsenN, Range paperVisibleReflectance, Range paperNirReflectance,
        Range inkVisibleReflectance, Range inkNirReflectance, Range paperFibreContrast, double printGlossShare,
        Range printGlossLevels,
        Range displayPixelsPerInch, Range displaySubpixelAperture, Range displaySubpixelWeight, Range displayGamma,
        Range displayBrightness, Range displayContrastRatio, Range displayAmbientReflectance, Range screenGlareLevels,
        Range displayNirReflectance, Range displayNirImageContrast, Range screenNirGlareLevels, Range glareSigmaPixels,
        Range exposureWhiteLevels, Range vignetting, Range defocusRadiusPixels, Range motionBlurPixels,
        Range readNoiseLevels, Range shotNoiseGain) {

    public static final IndependentAttackModel DEFAULT = new IndependentAttackModel(
            new Range(0.43, 0.51), new Range(2, 4.999), new Range(80, 160),
            new Range(0, 12), new Range(-6, 6), new Range(0.92, 1.08), new Range(-4, 4), new Range(0, 1.5),
            new Range(300, 600), new Range(0.7, 1.3), 0.5, new Range(85, 133),
            new Range(0, 1.5), new Range(1.2, 2.0), new Range(0.75, 0.92), new Range(0.80, 0.95),
            new Range(0.03, 0.10), new Range(0.04, 0.40), new Range(0.01, 0.04), 0.5,
            new Range(10, 60),
            new Range(200, 460), new Range(0.5, 0.85), new Range(0.3, 1.0), new Range(2.0, 2.4),
            new Range(0.5, 1.3), new Range(600, 1500), new Range(0.02, 0.06), new Range(10, 80),
            new Range(0.02, 0.35), new Range(0, 0.05), new Range(20, 150), new Range(5, 20),
            new Range(190, 245), new Range(0, 0.25), new Range(0.2, 1.0), new Range(0, 1.0),
            new Range(1.0, 2.5), new Range(0.02, 0.08));

    public IndependentAttackModel {
        if (sensorPixelsPerRoiPixel.min() < 1 || sensorPixelsPerRoiPixel.max() >= 5) {
            throw new IllegalArgumentException("sensorPixelsPerRoiPixel must be in [1,5)");
        }
        if (printerDotsPerInch.min() < 72 || printerDotsPerInch.max() > 1200) {
            throw new IllegalArgumentException("printerDotsPerInch must be in [72,1200]");
        }
        if (!(printStochasticShare >= 0 && printStochasticShare <= 1) || !(printGlossShare >= 0 && printGlossShare <= 1)) {
            throw new IllegalArgumentException("shares must be in [0,1]");
        }
        if (displayPixelsPerInch.min() <= 0 || roiMillimetresPerPixel.min() <= 0 || scale.min() <= 0
                || cameraDistanceMillimetres.min() <= 0 || printLinesPerInch.min() <= 0 || printYuleNielsenN.min() < 1) {
            throw new IllegalArgumentException("resolutions, sizes, distances must be positive and Yule-Nielsen n at least 1");
        }
        if (displaySubpixelAperture.min() <= 0 || displaySubpixelAperture.max() > 1) {
            throw new IllegalArgumentException("displaySubpixelAperture must be in (0,1]");
        }
    }

    /** One line per parameter, name = range, for the attack set's model file. */
    public java.util.List<String> describe() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var c : IndependentAttackModel.class.getRecordComponents()) {
            try {
                out.add(c.getName() + " = " + c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
