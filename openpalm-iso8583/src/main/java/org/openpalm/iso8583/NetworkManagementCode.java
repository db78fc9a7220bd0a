package org.openpalm.iso8583;

/** Field 70 network management information codes. */
public enum NetworkManagementCode {
    SIGN_ON("001"),
    SIGN_OFF("002"),
    ECHO("301");

    private final String code;

    NetworkManagementCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static NetworkManagementCode fromCode(String code) {
        for (NetworkManagementCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new IsoCodecException("field 70: network management code '" + code + "' is not one of 001, 002, 301");
    }
}
