package org.openpalm.biometrics;

/**
 * A short key the user gives at the terminal (for example the last 4 digits of a phone number)
 * that restricts identification to the palms enrolled with the same hint. Searching a sub-gallery
 * of n palms instead of N lowers the false-positive identification rate by about N / n at the
 * same threshold; the index uses the sub-gallery size when it derives the threshold.
 *
 * @param value 0 to 65535
 */
public record Hint(int value) {
    public static final int MAX = 0xFFFF;

    public Hint {
        if (value < 0 || value > MAX) throw new IllegalArgumentException("hint must be 0.." + MAX + ": " + value);
    }

    public static Hint of(int value) {
        return new Hint(value);
    }
}
