package org.openpalm.biometrics.engine.synth;

/**
 * An identity drawn once in its canonical frame, at {@code supersampling} samples per ROI pixel
 * and with a margin around the ROI: a crease-darkness map (0..1) and a skin-albedo map (around
 * 1). Captures resample these maps through their pose and warp, so the expensive drawing is done
 * once per identity, not once per image. Immutable after construction, safe to share.
 */
public final class PalmCanvas {
    /** A Gaussian profile is negligible beyond 3 sigma (1 %). */
    private static final double PROFILE_RADIUS_SIGMAS = 3.0;
    /** Steps per canvas pixel along a crease: dense enough that the max of splats is a smooth line. */
    private static final double STEPS_PER_CANVAS_PIXEL = 2.0;
    /** Creases thin and fade over this share of their length at each end. */
    private static final double TAPER_FRACTION = 0.15;
    /** Depth varies along a crease by this much, on the scale of its meander. */
    private static final double DEPTH_VARIATION_FRACTION = 0.3;
    private static final int PROFILE_TABLE_SIZE = 1024;
    private static final float[] PROFILE = profileTable();

    private final SynthConfig config;
    private final int side;
    private final float[] crease;
    private final float[] skin;

    public PalmCanvas(PalmAnatomy anatomy, SynthConfig config) {
        this.config = config;
        this.side = (config.sidePixels() + 2 * config.canvasMarginPixels()) * config.supersampling();
        this.crease = new float[side * side];
        this.skin = new float[side * side];
        for (Crease c : anatomy.creases()) drawCrease(c);
        drawSkin(anatomy.skinSeed());
    }

    /** Crease darkness at canonical ROI coordinates (bilinear; 0 outside the canvas). */
    public double creaseAt(double x, double y) {
        return bilinear(crease, x, y, 0);
    }

    /** Skin albedo at canonical ROI coordinates (bilinear; 1 outside the canvas). */
    public double skinAt(double x, double y) {
        return bilinear(skin, x, y, 1);
    }

    private double bilinear(float[] map, double x, double y, double outside) {
        int ss = config.supersampling();
        double u = (x + config.canvasMarginPixels()) * ss - 0.5;
        double v = (y + config.canvasMarginPixels()) * ss - 0.5;
        if (u < 0 || v < 0 || u >= side - 1 || v >= side - 1) return outside;
        int x0 = (int) u;
        int y0 = (int) v;
        double wx = u - x0;
        double wy = v - y0;
        int i = y0 * side + x0;
        double top = map[i] + (map[i + 1] - map[i]) * wx;
        double bottom = map[i + side] + (map[i + side + 1] - map[i + side]) * wx;
        return top + (bottom - top) * wy;
    }

    private void drawCrease(Crease c) {
        int ss = config.supersampling();
        double margin = config.canvasMarginPixels();
        int steps = Math.max(8, (int) StrictMath.ceil(c.polygonLength() * ss * STEPS_PER_CANVAS_PIXEL));
        LatticeNoise wobble = new LatticeNoise(c.wobbleSeed(), config.wobbleWavelengthPixels());
        LatticeNoise depthNoise = new LatticeNoise(Seeds.mix(c.wobbleSeed()), config.wobbleWavelengthPixels());
        double arc = 0;
        Point previous = c.at(0);
        for (int k = 0; k <= steps; k++) {
            double t = (double) k / steps;
            Point p = c.at(t);
            arc += StrictMath.hypot(p.x() - previous.x(), p.y() - previous.y());
            previous = p;
            Point tangent = c.tangent(t);
            double norm = StrictMath.hypot(tangent.x(), tangent.y());
            double nx = norm == 0 ? 0 : -tangent.y() / norm;
            double ny = norm == 0 ? 0 : tangent.x() / norm;
            // 1-D noise along the arc: y = 0 row of the lattice
            double offset = c.wobbleAmplitudePixels() * wobble.at(arc, 0);
            double taper = smoothstep(Math.min(t, 1 - t) / TAPER_FRACTION);
            double sigma = c.widthPixels() * (0.5 + 0.5 * taper);
            double depth = c.depth() * taper * (1 + DEPTH_VARIATION_FRACTION * depthNoise.at(arc, 0));
            if (depth <= 0) continue;
            double cx = (p.x() + nx * offset + margin) * ss;
            double cy = (p.y() + ny * offset + margin) * ss;
            splat(cx, cy, sigma * ss, depth);
        }
    }

    /** Max-combines a Gaussian spot: where creases cross, the deeper one shows, they do not add. */
    private void splat(double cx, double cy, double sigma, double depth) {
        double radius = PROFILE_RADIUS_SIGMAS * sigma;
        int xMin = Math.max(0, (int) StrictMath.floor(cx - radius));
        int xMax = Math.min(side - 1, (int) StrictMath.ceil(cx + radius));
        int yMin = Math.max(0, (int) StrictMath.floor(cy - radius));
        int yMax = Math.min(side - 1, (int) StrictMath.ceil(cy + radius));
        double inverseVariance = 1.0 / (sigma * sigma);
        double limit = PROFILE_RADIUS_SIGMAS * PROFILE_RADIUS_SIGMAS;
        double tableScale = (PROFILE_TABLE_SIZE - 1) / limit;
        for (int y = yMin; y <= yMax; y++) {
            double dy = y + 0.5 - cy;
            int row = y * side;
            for (int x = xMin; x <= xMax; x++) {
                double dx = x + 0.5 - cx;
                double q = (dx * dx + dy * dy) * inverseVariance;
                if (q >= limit) continue;
                float v = (float) (depth * PROFILE[(int) (q * tableScale)]);
                if (v > crease[row + x]) crease[row + x] = v;
            }
        }
    }

    private void drawSkin(long seed) {
        int ss = config.supersampling();
        double margin = config.canvasMarginPixels();
        LatticeNoise coarse = new LatticeNoise(Seeds.child(seed, 1, 0), config.skinCoarseWavelengthPixels());
        LatticeNoise fine = new LatticeNoise(Seeds.child(seed, 2, 0), config.skinFineWavelengthPixels());
        // The ridge texture follows a slowly turning direction, like dermal ridges between creases.
        LatticeNoise ridgeTurn = new LatticeNoise(Seeds.child(seed, 3, 0), 3 * config.skinCoarseWavelengthPixels());
        LatticeNoise ridgePhase = new LatticeNoise(Seeds.child(seed, 4, 0), config.skinFineWavelengthPixels());
        double baseAngle = Math.PI * ((Seeds.child(seed, 5, 0) >>> 11) * 0x1.0p-53);
        double frequency = 2 * Math.PI / config.ridgePeriodPixels();
        for (int j = 0; j < side; j++) {
            double y = (j + 0.5) / ss - margin;
            for (int i = 0; i < side; i++) {
                double x = (i + 0.5) / ss - margin;
                double angle = baseAngle + 1.5 * ridgeTurn.at(x, y);
                double along = x * StrictMath.cos(angle) + y * StrictMath.sin(angle);
                double ridge = StrictMath.cos(frequency * along + 2 * ridgePhase.at(x, y));
                skin[j * side + i] = (float) (1
                        + config.skinCoarseNoiseFraction() * coarse.fractal(x, y)
                        + config.skinFineNoiseFraction() * fine.fractal(x, y)
                        + config.ridgeFraction() * ridge);
            }
        }
    }

    private static double smoothstep(double t) {
        double c = Math.clamp(t, 0.0, 1.0);
        return c * c * (3 - 2 * c);
    }

    private static float[] profileTable() {
        float[] table = new float[PROFILE_TABLE_SIZE];
        double limit = PROFILE_RADIUS_SIGMAS * PROFILE_RADIUS_SIGMAS;
        for (int i = 0; i < PROFILE_TABLE_SIZE; i++) {
            double q = i * limit / (PROFILE_TABLE_SIZE - 1);
            table[i] = (float) StrictMath.exp(-0.5 * q);
        }
        return table;
    }
}
