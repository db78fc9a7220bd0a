package org.openpalm.iso8583;

import java.util.Objects;

/** 0110: response to a 0100 authorisation. */
public record AuthorisationResponse(Reply reply) implements NetworkMessage {
    public AuthorisationResponse {
        Objects.requireNonNull(reply, "reply");
    }

    @Override public String mti() { return "0110"; }
    @Override public Stan stan() { return reply.stan(); }
    @Override public String terminalKey() { return reply.acceptor().terminalId().value(); }

    public ResponseCode responseCode() {
        return reply.responseCode();
    }
}
