package org.openpalm.payments.card;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.openpalm.payments.Validated;

/**
 * The card verification value printed on the card (CVV2, CVC2, CID): 3 or 4 digits. It proves the
 * card is at hand and exists only between the enrolment request and the {@link CardVerifier}: PCI
 * DSS forbids storing it after authorisation, so it is never stored, logged or put in a response,
 * and {@link #toString()} masks it entirely.
 */
public final class CardSecurityCode {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{3,4}");

    private final String digits;

    private CardSecurityCode(String digits) {
        this.digits = digits;
    }

    public static Validated<CardSecurityCode> parse(String text) {
        if (text == null || text.isEmpty()) return Validated.invalid("is required (the 3 or 4 digits on the card)");
        if (!FORMAT.matcher(text).matches()) return Validated.invalid("must be 3 or 4 digits");
        return Validated.valid(new CardSecurityCode(text));
    }

    /** The digits, handed to the card verifier only (the parameter documents who receives them). */
    public String revealTo(CardVerifier recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return digits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardSecurityCode c
                && MessageDigest.isEqual(digits.getBytes(StandardCharsets.US_ASCII), c.digits.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return digits.length();
    }

    @Override
    public String toString() {
        return "CardSecurityCode[***]";
    }
}
