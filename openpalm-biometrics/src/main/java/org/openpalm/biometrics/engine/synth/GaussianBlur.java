package org.openpalm.biometrics.engine.synth;

/** Separable Gaussian blur with edge replication (the sensor sees skin beyond the ROI edge). */
final class GaussianBlur {
    private GaussianBlur() {}

    static float[] apply(float[] image, int side, double sigma) {
        if (sigma <= 0) return image.clone();
        int radius = Math.max(1, (int) StrictMath.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = StrictMath.exp(-0.5 * k * k / (sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) kernel[k] /= sum;
        float[] rows = new float[image.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * image[y * side + Math.clamp(x + k, 0, side - 1)];
                }
                rows[y * side + x] = (float) acc;
            }
        }
        float[] out = new float[image.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * rows[Math.clamp(y + k, 0, side - 1) * side + x];
                }
                out[y * side + x] = (float) acc;
            }
        }
        return out;
    }
}
