package org.openpalm.iso8583;

/** Card acceptor terminal id (field 41): exactly 8 printable ASCII characters. */
public record TerminalId(String value) {
    public TerminalId {
        if (value == null || !value.matches("[\\x20-\\x7E]{8}")) {
            throw new IllegalArgumentException("terminal id must be exactly 8 printable ASCII characters");
        }
    }
}
