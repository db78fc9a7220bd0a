package org.openpalm.iso8583;

/** Field 39 response codes used on the OpenPalm network. A closed set: anything else is refused. */
public enum ResponseCode {
    APPROVED("00"),
    DO_NOT_HONOUR("05"),
    INVALID_CARD("14"),
    INSUFFICIENT_FUNDS("51"),
    EXPIRED_CARD("54"),
    ISSUER_UNAVAILABLE("91"),
    SYSTEM_MALFUNCTION("96"),
    /** Account verification: the card security code (CVV2) does not match (the schemes' N7). */
    SECURITY_CODE_MISMATCH("N7");

    private final String code;

    ResponseCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean approved() {
        return this == APPROVED;
    }

    public static ResponseCode fromCode(String code) {
        for (ResponseCode rc : values()) {
            if (rc.code.equals(code)) {
                return rc;
            }
        }
        throw new IsoCodecException("field 39: response code '" + code + "' is not one of 00, 05, 14, 51, 54, 91, 96, N7");
    }
}
