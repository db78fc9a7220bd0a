package org.openpalm.iso8583;

/**
 * A network token standing in for a card number in field 2: 13..19 digits. toString() masks it
 * (first 6, last 4).
 */
public record NetworkToken(String digits) {
    public NetworkToken {
        if (digits == null || !digits.matches("[0-9]{13,19}")) {
            throw new IllegalArgumentException("network token must be 13 to 19 digits");
        }
    }

    @Override
    public String toString() {
        return "NetworkToken[" + Masking.pan(digits) + "]";
    }
}
