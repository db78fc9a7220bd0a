package org.openpalm.payments.card;

import java.util.Objects;
import org.openpalm.payments.Validated;

/**
 * A primary account number (PAN): 12 to 19 digits passing the Luhn check. It exists only between
 * the enrolment request and the {@link TokenService}; it is never stored or logged, and
 * {@link #toString()} shows only the last four digits.
 */
public final class CardNumber {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{12,19}");

    private final String digits;

    private CardNumber(String digits) {
        this.digits = digits;
    }

    public static Validated<CardNumber> parse(String text) {
        if (text == null) return Validated.invalid("is required");
        String digits = text.replace(" ", "").replace("-", "");
        if (!FORMAT.matcher(digits).matches()) return Validated.invalid("must be 12 to 19 digits");
        if (!luhnValid(digits)) return Validated.invalid("fails the Luhn check");
        return Validated.valid(new CardNumber(digits));
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** The digits, handed to a token service only (the parameter documents who receives them). */
    public String revealTo(TokenService recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return digits;
    }

    /** The digits, handed to a card verifier only (the issuer's account verification). */
    public String revealTo(CardVerifier recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return digits;
    }

    public String last4() {
        return digits.substring(digits.length() - 4);
    }

    /** Brand from the issuer identification number prefix. */
    public CardBrand brand() {
        return CardBrand.fromPan(digits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardNumber c && c.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return "CardNumber[****" + last4() + "]";
    }
}
