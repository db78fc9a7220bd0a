package org.openpalm.iso8583;

import java.util.Objects;

/** 0230: response to a 0220 completion advice. */
public record CompletionResponse(Reply reply) implements NetworkMessage {
    public CompletionResponse {
        Objects.requireNonNull(reply, "reply");
    }

    @Override public String mti() { return "0230"; }
    @Override public Stan stan() { return reply.stan(); }
    @Override public String terminalKey() { return reply.acceptor().terminalId().value(); }

    public ResponseCode responseCode() {
        return reply.responseCode();
    }
}
