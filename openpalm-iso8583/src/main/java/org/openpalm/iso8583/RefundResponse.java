package org.openpalm.iso8583;

import java.util.Objects;

/** 0210: response to a 0200 refund. */
public record RefundResponse(Reply reply) implements NetworkMessage {
    public RefundResponse {
        Objects.requireNonNull(reply, "reply");
    }

    @Override public String mti() { return "0210"; }
    @Override public Stan stan() { return reply.stan(); }
    @Override public String terminalKey() { return reply.acceptor().terminalId().value(); }

    public ResponseCode responseCode() {
        return reply.responseCode();
    }
}
