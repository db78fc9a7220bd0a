package org.openpalm.iso8583;

/** Payment account reference (PAR): 29 upper-case letters and digits, stable across tokens of one account. */
public record PaymentAccountReference(String value) {
    public PaymentAccountReference {
        if (value == null || !value.matches("[A-Z0-9]{29}")) {
            throw new IllegalArgumentException("payment account reference must be 29 upper-case letters or digits");
        }
    }

    @Override
    public String toString() {
        return "PaymentAccountReference[" + value.substring(0, 4) + "*".repeat(21) + value.substring(25) + "]";
    }
}
