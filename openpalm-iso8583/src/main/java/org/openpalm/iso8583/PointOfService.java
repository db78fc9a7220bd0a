package org.openpalm.iso8583;

/** Point of service entry mode (field 22, 3 digits) and condition code (field 25, 2 digits). */
public record PointOfService(String entryMode, String conditionCode) {
    /** Palm payment: credential on file (token) entered by the terminal, cardholder present. */
    public static final PointOfService PALM = new PointOfService("071", "00");

    public PointOfService {
        if (entryMode == null || !entryMode.matches("[0-9]{3}")) {
            throw new IllegalArgumentException("POS entry mode must be 3 digits");
        }
        if (conditionCode == null || !conditionCode.matches("[0-9]{2}")) {
            throw new IllegalArgumentException("POS condition code must be 2 digits");
        }
    }
}
