package org.openpalm.payments.card;

import java.time.YearMonth;
import java.util.Objects;
import org.openpalm.payments.Validated;

/** Card expiry month; the card is valid until the end of that month. */
public record Expiry(YearMonth month) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern MONTH_SLASH_YEAR = java.util.regex.Pattern.compile("(0[1-9]|1[0-2])/[0-9]{2}");
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern ISO_YEAR_MONTH = java.util.regex.Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");

    public Expiry {
        Objects.requireNonNull(month, "month");
    }

    /** Parses MM/YY or YYYY-MM. */
    public static Validated<Expiry> parse(String text) {
        if (text == null) return Validated.invalid("is required");
        try {
            if (MONTH_SLASH_YEAR.matcher(text).matches()) {
                return Validated.valid(new Expiry(YearMonth.of(2000 + Integer.parseInt(text.substring(3)), Integer.parseInt(text.substring(0, 2)))));
            }
            if (ISO_YEAR_MONTH.matcher(text).matches()) return Validated.valid(new Expiry(YearMonth.parse(text)));
        } catch (RuntimeException e) {
            return Validated.invalid("must be MM/YY or YYYY-MM");
        }
        return Validated.invalid("must be MM/YY or YYYY-MM");
    }

    public boolean expiredAt(YearMonth now) {
        return month.isBefore(now);
    }
}
