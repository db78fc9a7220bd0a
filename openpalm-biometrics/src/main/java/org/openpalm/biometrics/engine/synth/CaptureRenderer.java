package org.openpalm.biometrics.engine.synth;

import java.util.SplittableRandom;

/**
 * Renders one capture of a {@link PalmCanvas}: pose and elastic warp, crease visibility,
 * illumination and gamma, optical blur, sensor noise, then a JPEG round trip, in the order a
 * camera applies them.
 */
public final class CaptureRenderer {
    /** The elastic warp and the visibility field change over this many ROI pixels. */
    private static final double SHADING_WAVELENGTH_PIXELS = 64.0;

    private final SynthConfig config;

    public CaptureRenderer(SynthConfig config) {
        this.config = config;
    }

    /** Grey pixels, row-major, {@code sidePixels} square. */
    public byte[] render(PalmCanvas canvas, Capture capture) {
        int n = config.sidePixels();
        double centre = n / 2.0;
        double angle = StrictMath.toRadians(capture.rotationDegrees());
        double cos = StrictMath.cos(angle) / capture.scale();
        double sin = StrictMath.sin(angle) / capture.scale();
        long seed = capture.fieldSeed();
        LatticeNoise warpX = new LatticeNoise(Seeds.child(seed, 1, 0), config.warpWavelengthPixels());
        LatticeNoise warpY = new LatticeNoise(Seeds.child(seed, 2, 0), config.warpWavelengthPixels());
        LatticeNoise visibilityField = new LatticeNoise(Seeds.child(seed, 3, 0), SHADING_WAVELENGTH_PIXELS);
        LatticeNoise shading = new LatticeNoise(Seeds.child(seed, 4, 0), SHADING_WAVELENGTH_PIXELS);

        float[] image = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double ox = x + 0.5;
                double oy = y + 0.5;
                // Output pixel to canonical palm point: undo the shift, rotation and scale about
                // the centre, then add the skin stretch.
                double qx = ox - centre - capture.shiftXPixels();
                double qy = oy - centre - capture.shiftYPixels();
                double px = centre + cos * qx + sin * qy + capture.warpAmplitudePixels() * warpX.at(ox, oy);
                double py = centre - sin * qx + cos * qy + capture.warpAmplitudePixels() * warpY.at(ox, oy);
                double visibility = capture.visibility()
                        * (1 + config.visibilityVariationFraction() * visibilityField.at(ox, oy));
                double darkening = config.creaseContrastFraction() * visibility * Math.min(1.0, canvas.creaseAt(px, py));
                double albedo = canvas.skinAt(px, py) * (1 - darkening);
                double light = 1
                        + capture.gradientX() * (ox - centre) / centre
                        + capture.gradientY() * (oy - centre) / centre
                        + config.shadingFraction() * shading.fractal(ox, oy);
                double level = Math.clamp(capture.brightnessGrey() * albedo * light / 255.0, 0.0, 1.0);
                image[y * n + x] = (float) (255.0 * StrictMath.pow(level, capture.gamma()));
            }
        }
        image = GaussianBlur.apply(image, n, capture.blurSigmaPixels());

        SplittableRandom noise = new SplittableRandom(Seeds.child(seed, 5, 0));
        byte[] grey = new byte[n * n];
        for (int i = 0; i < grey.length; i++) {
            double v = image[i] + capture.noiseSigmaGrey() * noise.nextGaussian();
            grey[i] = (byte) Math.clamp(StrictMath.rint(v), 0, 255);
        }
        return JpegRoundTrip.apply(grey, n, n, capture.jpegQuality());
    }
}
