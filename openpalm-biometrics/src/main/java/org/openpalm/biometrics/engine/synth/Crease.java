package org.openpalm.biometrics.engine.synth;

/**
 * One skin crease: a cubic Bezier path with a meander along its normal, a Gaussian cross-section
 * of sigma {@code widthPixels} and darkness {@code depth} (0..1) that both taper at the ends,
 * because real creases fade out rather than stop.
 *
 * @param wobbleSeed seed of the meander, so the same crease always meanders the same way
 */
public record Crease(
        Point p0, Point p1, Point p2, Point p3,
        double widthPixels, double depth, double wobbleAmplitudePixels, long wobbleSeed) {

    public Crease {
        if (!(widthPixels > 0)) throw new IllegalArgumentException("widthPixels must be positive");
        if (depth < 0) throw new IllegalArgumentException("depth must be >= 0");
    }

    Point at(double t) {
        double u = 1 - t;
        double a = u * u * u;
        double b = 3 * u * u * t;
        double c = 3 * u * t * t;
        double d = t * t * t;
        return new Point(
                a * p0.x() + b * p1.x() + c * p2.x() + d * p3.x(),
                a * p0.y() + b * p1.y() + c * p2.y() + d * p3.y());
    }

    Point tangent(double t) {
        double u = 1 - t;
        double a = 3 * u * u;
        double b = 6 * u * t;
        double c = 3 * t * t;
        return new Point(
                a * (p1.x() - p0.x()) + b * (p2.x() - p1.x()) + c * (p3.x() - p2.x()),
                a * (p1.y() - p0.y()) + b * (p2.y() - p1.y()) + c * (p3.y() - p2.y()));
    }

    /** Length of the control polygon: an upper bound of the curve length, used to pick a step. */
    double polygonLength() {
        return dist(p0, p1) + dist(p1, p2) + dist(p2, p3);
    }

    Crease mirrored(double side) {
        return new Crease(p0.mirrored(side), p1.mirrored(side), p2.mirrored(side), p3.mirrored(side),
                widthPixels, depth, wobbleAmplitudePixels, wobbleSeed);
    }

    private static double dist(Point a, Point b) {
        return StrictMath.hypot(a.x() - b.x(), a.y() - b.y());
    }
}
