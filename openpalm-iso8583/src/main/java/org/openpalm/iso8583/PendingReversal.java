package org.openpalm.iso8583;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/** A reversal that has not been acknowledged by the network yet. */
public record PendingReversal(ReversalAdvice advice) {
    public PendingReversal {
        Objects.requireNonNull(advice, "advice");
    }

    /** Stable id: reversal STAN, its transmission second, and the terminal id in hex (no spaces). */
    public String id() {
        return advice.stan().digits() + "-" + advice.tx().transmittedAt().getEpochSecond() + "-"
                + HexFormat.of().formatHex(advice.terminalKey().getBytes(StandardCharsets.US_ASCII));
    }
}
