package org.openpalm.payments.card;

import java.time.YearMonth;
import java.util.Objects;
import org.openpalm.payments.Validated;

/** Card expiry month; the card is valid until the end of that month. */
public record Expiry(YearMonth month) {
    public Expiry {
        Objects.requireNonNull(month, "month");
    }

    /** Parses MM/YY or YYYY-MM. */
    public static Validated<Expiry> parse(String text) {
        if (text == null) return Validated.invalid("is required");
        try {
            if (text.matches("(0[1-9]|1[0-2])/[0-9]{2}")) {
                return Validated.valid(new Expiry(YearMonth.of(2000 + Integer.parseInt(text.substring(3)), Integer.parseInt(text.substring(0, 2)))));
            }
            if (text.matches("[0-9]{4}-(0[1-9]|1[0-2])")) return Validated.valid(new Expiry(YearMonth.parse(text)));
        } catch (RuntimeException e) {
            return Validated.invalid("must be MM/YY or YYYY-MM");
        }
        return Validated.invalid("must be MM/YY or YYYY-MM");
    }

    public boolean expiredAt(YearMonth now) {
        return month.isBefore(now);
    }
}
