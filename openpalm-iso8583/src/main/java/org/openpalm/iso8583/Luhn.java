package org.openpalm.iso8583;

/** The Luhn (mod 10) check used by card numbers and network tokens. */
public final class Luhn {
    private Luhn() {}

    public static boolean valid(String digits) {
        return sum(digits, false) % 10 == 0;
    }

    /** The digit to append to {@code body} to make it Luhn-valid. */
    public static char checkDigit(String body) {
        return (char) ('0' + (10 - sum(body, true) % 10) % 10);
    }

    private static int sum(String digits, boolean doubleFirst) {
        int s = 0;
        boolean dbl = doubleFirst;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            s += d;
            dbl = !dbl;
        }
        return s;
    }
}
