package org.openpalm.iso8583;

/** A primary account number (PAN): 12..19 digits with a valid Luhn check digit. toString() masks it. */
public record CardNumber(String digits) {
    public CardNumber {
        if (digits == null || !digits.matches("[0-9]{12,19}")) {
            throw new IllegalArgumentException("card number must be 12 to 19 digits");
        }
        if (!Luhn.valid(digits)) {
            throw new IllegalArgumentException("card number " + Masking.pan(digits) + " fails the Luhn check");
        }
    }

    @Override
    public String toString() {
        return "CardNumber[" + Masking.pan(digits) + "]";
    }
}
