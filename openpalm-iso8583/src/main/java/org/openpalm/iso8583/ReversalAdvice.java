package org.openpalm.iso8583;

import java.util.Objects;

/** 0400 (0401 when {@code repeat}): reversal of the transaction named by field 90. */
public record ReversalAdvice(Transaction tx, OriginalData original, boolean repeat) implements NetworkMessage {
    public ReversalAdvice {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(original, "original");
    }

    @Override public String mti() { return repeat ? "0401" : "0400"; }
    @Override public Stan stan() { return tx.stan(); }
    @Override public String terminalKey() { return tx.acceptor().terminalId().value(); }

    public ReversalAdvice asRepeat() {
        return new ReversalAdvice(tx, original, true);
    }
}
