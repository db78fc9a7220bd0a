package org.openpalm.biometrics.engine.pad;

/** A grey image as floats (grey levels 0..255, may leave that range until {@link #toBytes}). */
public record Raster(int width, int height, float[] values) {
    public Raster {
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("bad raster " + width + "x" + height + " with " + values.length + " values");
        }
    }

    public static Raster ofBytes(int width, int height, byte[] grey) {
        float[] v = new float[grey.length];
        for (int i = 0; i < v.length; i++) v[i] = grey[i] & 0xFF;
        return new Raster(width, height, v);
    }

    public static Raster filled(int width, int height, float value) {
        float[] v = new float[width * height];
        java.util.Arrays.fill(v, value);
        return new Raster(width, height, v);
    }

    public float at(int x, int y) {
        return values[Math.clamp(y, 0, height - 1) * width + Math.clamp(x, 0, width - 1)];
    }

    /** Bilinear sample with edge replication. */
    public double sample(double x, double y) {
        int x0 = (int) StrictMath.floor(x);
        int y0 = (int) StrictMath.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0))
                + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }

    /** Separable Gaussian blur, edge replication. */
    public Raster blur(double sigmaPixels) {
        if (sigmaPixels <= 0) return new Raster(width, height, values.clone());
        int radius = Math.max(1, (int) StrictMath.ceil(3 * sigmaPixels));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = StrictMath.exp(-0.5 * k * k / (sigmaPixels * sigmaPixels));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) kernel[k] /= sum;
        float[] rows = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * at(x + k, y);
                rows[y * width + x] = (float) acc;
            }
        }
        Raster r = new Raster(width, height, rows);
        float[] out = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * r.at(x, y + k);
                out[y * width + x] = (float) acc;
            }
        }
        return new Raster(width, height, out);
    }

    public Raster minus(Raster other) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) out[i] = values[i] - other.values[i];
        return new Raster(width, height, out);
    }

    public double mean() {
        double s = 0;
        for (float v : values) s += v;
        return s / values.length;
    }

    public double standardDeviation() {
        double m = mean();
        double s = 0;
        for (float v : values) s += (v - m) * (v - m);
        return StrictMath.sqrt(s / values.length);
    }

    /** Pearson correlation of two rasters of the same size; 0 when either is constant. */
    public double correlation(Raster other) {
        double ma = mean();
        double mb = other.mean();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < values.length; i++) {
            double a = values[i] - ma;
            double b = other.values[i] - mb;
            sab += a * b;
            saa += a * a;
            sbb += b * b;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / StrictMath.sqrt(saa * sbb);
    }

    /** Rounded and clamped to 0..255. */
    public byte[] toBytes() {
        byte[] out = new byte[values.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Math.clamp(StrictMath.round(values[i]), 0, 255);
        return out;
    }
}
