package org.openpalm.biometrics;

/** A point in image pixel coordinates: {@code x} to the right, {@code y} down, pixel centres at .5. */
public record ImagePoint(double x, double y) {
    public ImagePoint {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("coordinates must be finite: " + x + ", " + y);
        }
    }

    public double distanceTo(ImagePoint other) {
        return Math.hypot(other.x - x, other.y - y);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "(%.1f, %.1f)", x, y);
    }
}
