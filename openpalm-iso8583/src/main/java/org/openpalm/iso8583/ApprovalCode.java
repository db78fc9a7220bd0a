package org.openpalm.iso8583;

/** Authorisation id response (field 38): exactly 6 letters or digits. */
public record ApprovalCode(String value) {
    public ApprovalCode {
        if (value == null || !value.matches("[A-Za-z0-9]{6}")) {
            throw new IllegalArgumentException("approval code must be exactly 6 letters or digits");
        }
    }
}
