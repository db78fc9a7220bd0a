package org.openpalm.biometrics.engine.synth;

/** A point in canonical palm coordinates (ROI pixels, x right, y down, fingers at y = 0). */
public record Point(double x, double y) {
    Point plus(double dx, double dy) {
        return new Point(x + dx, y + dy);
    }

    Point mirrored(double side) {
        return new Point(side - x, y);
    }
}
