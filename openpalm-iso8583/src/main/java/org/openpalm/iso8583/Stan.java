package org.openpalm.iso8583;

/** System trace audit number (field 11): 1..999999. */
public record Stan(int value) {
    public Stan {
        if (value < 1 || value > 999_999) {
            throw new IllegalArgumentException("STAN must be 1..999999, was " + value);
        }
    }

    public String digits() {
        return String.format("%06d", value);
    }
}
