package org.openpalm.iso8583;

import java.util.Objects;

/** Who is accepting: acquiring institution (field 32, 1..11 digits), terminal (41) and merchant (42). */
public record Acceptor(String acquirerId, TerminalId terminalId, MerchantId merchantId) {
    public Acceptor {
        if (acquirerId == null || !acquirerId.matches("[0-9]{1,11}")) {
            throw new IllegalArgumentException("acquirer id must be 1 to 11 digits");
        }
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(merchantId, "merchantId");
    }
}
