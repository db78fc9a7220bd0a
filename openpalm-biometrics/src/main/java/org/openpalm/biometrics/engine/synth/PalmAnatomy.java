package org.openpalm.biometrics.engine.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed anatomy of one synthetic palm: its creases and the seed of its skin texture. It is
 * what makes an identity; captures of it differ only in pose, skin stretch and imaging.
 *
 * <p>Canonical frame: a right palm seen from the palm side, fingers up, thumb on the right
 * (x = side); a left palm is its mirror image. Principal lines follow the usual anatomy: the
 * heart line runs under the fingers from the little-finger edge rising towards the index, the
 * head line crosses the middle of the palm from the thumb web towards the little-finger edge, and
 * the life line arcs around the ball of the thumb down to the wrist.
 *
 * @param creases principal lines first, then secondary and fine wrinkles
 */
public record PalmAnatomy(Topology topology, boolean leftHand, List<Crease> creases, long skinSeed) {

    public PalmAnatomy {
        creases = List.copyOf(creases);
    }

    /** The anatomy of the identity with this seed. */
    public static PalmAnatomy generate(long identitySeed, SynthConfig config) {
        SplittableRandom random = new SplittableRandom(identitySeed);
        double s = config.sidePixels() / 128.0; // the layout below is written for a 128-pixel ROI
        Topology topology = pickTopology(random);
        boolean leftHand = random.nextBoolean();
        List<Crease> creases = new ArrayList<>();

        Point thumbWeb = new Point(s * uniform(random, 128, 142), s * uniform(random, 38, 56));
        Point lifeEnd = new Point(s * uniform(random, 92, 124), s * uniform(random, 136, 152));

        // Heart line (absent as such in the single-transverse variant).
        if (topology != Topology.SINGLE_TRANSVERSE) {
            Point start = new Point(s * uniform(random, -18, 2), s * uniform(random, 26, 46));
            Point end = new Point(s * uniform(random, 80, 116), s * uniform(random, -4, 20));
            Point c1 = start.plus(s * uniform(random, 28, 50), s * uniform(random, -6, 8));
            Point c2 = end.plus(s * uniform(random, -36, -16), s * uniform(random, 6, 22));
            creases.add(principal(random, config, s, start, c1, c2, end));
        }

        // Head line (or the single transverse crease).
        switch (topology) {
            case JOINED, SEPARATE -> {
                Point start = topology == Topology.JOINED
                        ? thumbWeb
                        : thumbWeb.plus(s * uniform(random, -4, 6), -s * uniform(random, 7, 14));
                Point end = new Point(s * uniform(random, -6, 34), s * uniform(random, 66, 104));
                Point c1 = start.plus(s * uniform(random, -45, -25), s * uniform(random, 0, 14));
                Point c2 = end.plus(s * uniform(random, 20, 40), s * uniform(random, -18, 0));
                creases.add(principal(random, config, s, start, c1, c2, end));
            }
            case CROSSING -> {
                Point start = thumbWeb;
                Point end = new Point(s * uniform(random, -10, 20), s * uniform(random, 8, 30));
                Point c1 = start.plus(s * uniform(random, -40, -24), s * uniform(random, 4, 16));
                Point c2 = end.plus(s * uniform(random, 24, 44), s * uniform(random, 10, 28));
                creases.add(principal(random, config, s, start, c1, c2, end));
            }
            case SINGLE_TRANSVERSE -> {
                Point start = new Point(s * uniform(random, -16, 0), s * uniform(random, 34, 58));
                Point end = thumbWeb.plus(s * uniform(random, -2, 4), s * uniform(random, -6, 6));
                Point c1 = start.plus(s * uniform(random, 30, 50), s * uniform(random, -10, 10));
                Point c2 = end.plus(s * uniform(random, -50, -30), s * uniform(random, -10, 14));
                creases.add(principal(random, config, s, start, c1, c2, end));
            }
        }

        // Life line: arcs around the thumb ball, convex towards the little-finger side.
        {
            Point start = thumbWeb.plus(s * uniform(random, -3, 3), s * uniform(random, 0, 5));
            Point c1 = start.plus(s * uniform(random, -42, -22), s * uniform(random, 12, 28));
            Point c2 = lifeEnd.plus(s * uniform(random, -34, -14), s * uniform(random, -48, -28));
            creases.add(principal(random, config, s, start, c1, c2, lifeEnd));
        }

        // Fate line: a fainter vertical crease up the middle of the palm, in some people only.
        if (random.nextDouble() < config.fateLineProbability()) {
            Point start = new Point(s * uniform(random, 48, 80), s * uniform(random, 132, 150));
            Point end = new Point(s * uniform(random, 50, 78), s * uniform(random, 14, 60));
            Point c1 = start.plus(s * uniform(random, -10, 10), -s * uniform(random, 20, 40));
            Point c2 = end.plus(s * uniform(random, -10, 10), s * uniform(random, 20, 40));
            double width = 0.75 * uniform(random, config.principalWidthMinPixels(), config.principalWidthMaxPixels());
            double depth = 0.6 * uniform(random, config.principalDepthMin(), config.principalDepthMax());
            creases.add(new Crease(start, c1, c2, end, s * width, depth,
                    s * config.wobbleAmplitudePixels(), random.nextLong()));
        }

        // Secondary wrinkles: shorter, thinner; many palm wrinkles run roughly along the fingers.
        int secondary = config.secondaryWrinklesMin()
                + random.nextInt(config.secondaryWrinklesMax() - config.secondaryWrinklesMin() + 1);
        for (int i = 0; i < secondary; i++) {
            double length = s * uniform(random, config.secondaryLengthMinPixels(), config.secondaryLengthMaxPixels());
            double angle = random.nextDouble() < 0.5
                    ? Math.PI / 2 + uniform(random, -0.5, 0.5)
                    : uniform(random, 0, Math.PI);
            Point centre = new Point(s * uniform(random, -8, 136), s * uniform(random, -8, 136));
            double width = uniform(random, config.secondaryWidthMinPixels(), config.secondaryWidthMaxPixels());
            double depth = uniform(random, config.secondaryDepthMin(), config.secondaryDepthMax());
            creases.add(stroke(random, centre, length, angle, 0.25, s * width, depth,
                    s * config.wobbleAmplitudePixels() * 0.5));
        }

        // Fine crosshatch wrinkles: the skin texture between the lines, in two dominant directions.
        int fine = config.fineWrinklesMin() + random.nextInt(config.fineWrinklesMax() - config.fineWrinklesMin() + 1);
        double hatch = uniform(random, 0, Math.PI);
        for (int i = 0; i < fine; i++) {
            double length = s * uniform(random, 3, config.fineLengthMaxPixels());
            double angle = hatch + (random.nextBoolean() ? 0 : Math.PI / 2) + uniform(random, -0.35, 0.35);
            Point centre = new Point(s * uniform(random, -8, 136), s * uniform(random, -8, 136));
            double width = s * uniform(random, 0.5, 0.75);
            double depth = uniform(random, 0.3, 1.0) * config.fineDepthMax();
            creases.add(stroke(random, centre, length, angle, 0.15, width, depth, 0));
        }

        if (leftHand) {
            double side = config.sidePixels();
            creases.replaceAll(c -> c.mirrored(side));
        }
        return new PalmAnatomy(topology, leftHand, creases, random.nextLong());
    }

    private static Topology pickTopology(SplittableRandom random) {
        // Rough population shares: most people have joined head and life lines.
        double u = random.nextDouble();
        if (u < 0.55) return Topology.JOINED;
        if (u < 0.80) return Topology.SEPARATE;
        if (u < 0.93) return Topology.CROSSING;
        return Topology.SINGLE_TRANSVERSE;
    }

    private static Crease principal(SplittableRandom random, SynthConfig config, double s,
                                    Point p0, Point p1, Point p2, Point p3) {
        double width = uniform(random, config.principalWidthMinPixels(), config.principalWidthMaxPixels());
        double depth = uniform(random, config.principalDepthMin(), config.principalDepthMax());
        return new Crease(p0, p1, p2, p3, s * width, depth, s * config.wobbleAmplitudePixels(), random.nextLong());
    }

    /** A short, gently bent stroke centred on {@code centre}; {@code bend} is relative to its length. */
    private static Crease stroke(SplittableRandom random, Point centre, double length, double angle,
                                 double bend, double width, double depth, double wobble) {
        double dx = StrictMath.cos(angle) * length / 2;
        double dy = StrictMath.sin(angle) * length / 2;
        double nx = -dy * uniform(random, -bend, bend) * 2;
        double ny = dx * uniform(random, -bend, bend) * 2;
        Point p0 = centre.plus(-dx, -dy);
        Point p3 = centre.plus(dx, dy);
        Point p1 = centre.plus(-dx / 3 + nx, -dy / 3 + ny);
        Point p2 = centre.plus(dx / 3 + nx, dy / 3 + ny);
        return new Crease(p0, p1, p2, p3, width, depth, wobble, random.nextLong());
    }

    static double uniform(SplittableRandom random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }
}
