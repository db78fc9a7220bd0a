package org.openpalm.iso8583;

import java.util.Objects;

/** 0410: response to a 0400/0401 reversal advice. */
public record ReversalResponse(Reply reply) implements NetworkMessage {
    public ReversalResponse {
        Objects.requireNonNull(reply, "reply");
    }

    @Override public String mti() { return "0410"; }
    @Override public Stan stan() { return reply.stan(); }
    @Override public String terminalKey() { return reply.acceptor().terminalId().value(); }

    public ResponseCode responseCode() {
        return reply.responseCode();
    }
}
