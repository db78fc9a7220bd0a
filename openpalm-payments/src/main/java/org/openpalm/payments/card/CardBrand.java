package org.openpalm.payments.card;

/** Card scheme, from the leading digits of the card number. */
public enum CardBrand {
    VISA, MASTERCARD, AMEX, DISCOVER, UNKNOWN;

    static CardBrand fromPan(String digits) {
        if (digits.startsWith("4")) return VISA;
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return MASTERCARD;
        if (two == 34 || two == 37) return AMEX;
        if (digits.startsWith("6011") || two == 65) return DISCOVER;
        return UNKNOWN;
    }
}
