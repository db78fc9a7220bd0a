package org.openpalm.biometrics.engine.synth;

/**
 * Band-limited value noise: random values on a square lattice of one wavelength, joined by a
 * quintic (C2-smooth) interpolation. The lattice values come from a hash of (seed, cell), not
 * from a stream, so a field can be evaluated anywhere in any order and stays deterministic.
 */
public record LatticeNoise(long seed, double wavelengthPixels) {

    public LatticeNoise {
        if (!(wavelengthPixels > 0)) throw new IllegalArgumentException("wavelengthPixels must be positive");
    }

    /** Noise at (x, y), in [-1, 1]. */
    public double at(double x, double y) {
        double u = x / wavelengthPixels;
        double v = y / wavelengthPixels;
        double fu = StrictMath.floor(u);
        double fv = StrictMath.floor(v);
        long iu = (long) fu;
        long iv = (long) fv;
        double tu = fade(u - fu);
        double tv = fade(v - fv);
        double a = lattice(iu, iv);
        double b = lattice(iu + 1, iv);
        double c = lattice(iu, iv + 1);
        double d = lattice(iu + 1, iv + 1);
        double top = a + (b - a) * tu;
        double bottom = c + (d - c) * tu;
        return top + (bottom - top) * tv;
    }

    /** Two octaves (wavelength and half of it), still in [-1, 1]: a little detail, no grain. */
    public double fractal(double x, double y) {
        LatticeNoise half = new LatticeNoise(Seeds.mix(seed), wavelengthPixels / 2);
        return (2 * at(x, y) + half.at(x, y)) / 3;
    }

    private double lattice(long iu, long iv) {
        long h = Seeds.mix(seed ^ Seeds.mix(iu * 0x632BE59BD9B4E019L + iv));
        // top 53 bits to [0, 1), then to [-1, 1)
        return ((h >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }
}
