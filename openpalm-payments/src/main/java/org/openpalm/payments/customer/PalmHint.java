package org.openpalm.payments.customer;

import java.util.Objects;
import org.openpalm.payments.Validated;

/**
 * What the shopper types when two enrolled palms look alike: the last four digits of the phone
 * number.
 */
public record PalmHint(String lastFourDigits) {
    public PalmHint {
        Objects.requireNonNull(lastFourDigits, "lastFourDigits");
        if (!lastFourDigits.matches("[0-9]{4}")) throw new IllegalArgumentException("hint must be four digits");
    }

    public static Validated<PalmHint> parse(String text) {
        return text != null && text.matches("[0-9]{4}")
                ? Validated.valid(new PalmHint(text))
                : Validated.invalid("must be the last four digits of the phone number");
    }
}
