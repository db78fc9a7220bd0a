package org.openpalm.payments.customer;

import java.util.Objects;
import org.openpalm.payments.Validated;

/**
 * What the shopper types when two enrolled palms look alike: the last four digits of the phone
 * number.
 */
public record PalmHint(String lastFourDigits) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{4}");

    public PalmHint {
        Objects.requireNonNull(lastFourDigits, "lastFourDigits");
        if (!FORMAT.matcher(lastFourDigits).matches()) throw new IllegalArgumentException("hint must be four digits");
    }

    public static Validated<PalmHint> parse(String text) {
        return text != null && FORMAT.matcher(text).matches()
                ? Validated.valid(new PalmHint(text))
                : Validated.invalid("must be the last four digits of the phone number");
    }
}
