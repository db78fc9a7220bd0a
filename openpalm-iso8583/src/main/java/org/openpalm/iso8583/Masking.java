package org.openpalm.iso8583;

/** Masking of card numbers and tokens for logs and {@code toString()}: first 6 and last 4 at most. */
public final class Masking {
    private Masking() {}

    /** First 6 and last 4 digits when at least 13 long; shorter values show only the last 2 or nothing. */
    public static String pan(String digits) {
        int n = digits.length();
        if (n >= 13) {
            return digits.substring(0, 6) + "*".repeat(n - 10) + digits.substring(n - 4);
        }
        if (n >= 6) {
            return "*".repeat(n - 2) + digits.substring(n - 2);
        }
        return "*".repeat(n);
    }
}
