package org.openpalm.payments.customer;

import java.util.Objects;
import org.openpalm.payments.Validated;

/** A phone number in E.164 form (+ and 8 to 15 digits). Its last four digits are the palm hint. */
public record PhoneNumber(String e164) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("\\+[1-9][0-9]{7,14}");

    public PhoneNumber {
        Objects.requireNonNull(e164, "e164");
        if (!FORMAT.matcher(e164).matches()) throw new IllegalArgumentException("not an E.164 number");
    }

    public static Validated<PhoneNumber> parse(String text) {
        if (text == null) return Validated.invalid("is required");
        String compact = text.replaceAll("[ ()-]", "");
        if (!FORMAT.matcher(compact).matches()) return Validated.invalid("must be an E.164 number such as +447700900123");
        return Validated.valid(new PhoneNumber(compact));
    }

    public PalmHint hint() {
        return new PalmHint(e164.substring(e164.length() - 4));
    }

    @Override
    public String toString() {
        return "PhoneNumber[****" + e164.substring(e164.length() - 2) + "]";
    }
}
