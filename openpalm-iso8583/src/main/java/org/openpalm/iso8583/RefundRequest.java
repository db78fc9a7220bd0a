package org.openpalm.iso8583;

import java.util.Objects;

/** 0200 with processing code 20xxxx: refund (credit to the cardholder). */
public record RefundRequest(Transaction tx) implements NetworkMessage {
    public RefundRequest {
        Objects.requireNonNull(tx, "tx");
        if (tx.type() != TransactionType.REFUND) {
            throw new IllegalArgumentException("a refund request needs transaction type REFUND");
        }
    }

    @Override public String mti() { return "0200"; }
    @Override public Stan stan() { return tx.stan(); }
    @Override public String terminalKey() { return tx.acceptor().terminalId().value(); }
}
