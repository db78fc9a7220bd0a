package org.openpalm.iso8583;

/**
 * The card security code (CVV2/CVC2) of a card-not-present account verification: 3 or 4 digits.
 * Carried in field 48, subelement 92 (as Mastercard's DE 48 SE 92 carries the CVC2). Never
 * logged: {@link #toString()} masks it.
 */
public record SecurityCode(String digits) {
    public SecurityCode {
        if (digits == null || !digits.matches("[0-9]{3,4}")) {
            throw new IllegalArgumentException("card security code must be 3 or 4 digits");
        }
    }

    /** Field 48 content: subelement tag 92, 2-digit length, the digits. */
    String field48() {
        return "92" + String.format("%02d", digits.length()) + digits;
    }

    /** Reads subelement 92 from a field 48 made of tag (2 digits), length (2 digits), value subelements. */
    static SecurityCode fromField48(String field48) {
        int i = 0;
        while (i + 4 <= field48.length()) {
            String tag = field48.substring(i, i + 2);
            int length = Integer.parseInt(field48.substring(i + 2, i + 4));
            if (i + 4 + length > field48.length()) break;
            if (tag.equals("92")) return new SecurityCode(field48.substring(i + 4, i + 4 + length));
            i += 4 + length;
        }
        throw new IsoCodecException("field 48 carries no card security code (subelement 92)");
    }

    @Override
    public String toString() {
        return "SecurityCode[***]";
    }
}
