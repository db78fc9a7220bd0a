package org.openpalm.iso8583;

/** Card acceptor id (field 42): exactly 15 printable ASCII characters. */
public record MerchantId(String value) {
    public MerchantId {
        if (value == null || !value.matches("[\\x20-\\x7E]{15}")) {
            throw new IllegalArgumentException("merchant id must be exactly 15 printable ASCII characters");
        }
    }
}
