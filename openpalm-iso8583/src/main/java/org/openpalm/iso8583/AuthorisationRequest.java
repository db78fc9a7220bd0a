package org.openpalm.iso8583;

import java.util.Objects;

/** 0100: authorisation request (a hold on the cardholder's funds). */
public record AuthorisationRequest(Transaction tx) implements NetworkMessage {
    public AuthorisationRequest {
        Objects.requireNonNull(tx, "tx");
    }

    @Override public String mti() { return "0100"; }
    @Override public Stan stan() { return tx.stan(); }
    @Override public String terminalKey() { return tx.acceptor().terminalId().value(); }
}
