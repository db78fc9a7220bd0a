package org.openpalm.biometrics.engine.synth;

import org.openpalm.biometrics.engine.pad.Raster;

/** Separable Gaussian blur with edge replication (the sensor sees skin beyond the ROI edge). */
final class GaussianBlur {
    private GaussianBlur() {}

    static float[] apply(float[] image, int side, double sigma) {
        return new Raster(side, side, image).blur(sigma).values();
    }
}
