package org.openpalm.biometrics;

import java.util.SplittableRandom;
import org.openpalm.biometrics.engine.pad.Raster;

/**
 * A stand-in for the 940 nm frame of a live hand, for tests and demonstrations without a
 * dual-band dataset: the visible frame's creases softened (light scattered under the skin) and
 * fainter, a vein pattern the visible band does not show (another image's lines blurred wide),
 * on the brighter NIR exposure, with the NIR camera's own noise. The constants put its liveness
 * cues inside the range of PolyU's live NIR ROIs (mean grey about 146, faint fine detail), so
 * {@link LivenessConfig#DEFAULT} takes it for live. Same inputs and seed, same pixels.
 */
public final class SyntheticDualBand {
    /** Mean grey level of the NIR frame (PolyU's NIR ROIs average about 146). */
    private static final double NIR_MEAN_LEVELS = 146;
    private static final double CREASE_SCATTER_SIGMA_PIXELS = 2.5;
    private static final double CREASE_CONTRAST = 0.25;
    private static final double VEIN_WIDTH_SIGMA_PIXELS = 3.0;
    private static final double VEIN_CONTRAST = 0.8;
    private static final double NOISE_LEVELS = 0.8;

    private SyntheticDualBand() {}

    /** The NIR frame of a live hand whose visible frame is {@code visible}, with veins drawn from {@code veinSource}. */
    public static PalmImage nearInfrared(PalmImage visible, PalmImage veinSource, long seed) {
        if (veinSource.width() != visible.width() || veinSource.height() != visible.height()) {
            throw new IllegalArgumentException("vein source must have the visible frame's size");
        }
        Raster creases = Raster.ofBytes(visible.width(), visible.height(), visible.pixels()).blur(CREASE_SCATTER_SIGMA_PIXELS);
        Raster veins = Raster.ofBytes(visible.width(), visible.height(), veinSource.pixels()).blur(VEIN_WIDTH_SIGMA_PIXELS);
        double mc = creases.mean(), mv = veins.mean();
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[creases.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (NIR_MEAN_LEVELS + CREASE_CONTRAST * (creases.values()[i] - mc)
                    + VEIN_CONTRAST * (veins.values()[i] - mv) + NOISE_LEVELS * random.nextGaussian());
        }
        return PalmImage.ofGrey(visible.width(), visible.height(), new Raster(visible.width(), visible.height(), out).toBytes());
    }
}
