package org.openpalm.iso8583;

import java.util.Objects;

/**
 * 0220: completion of an approved authorisation for its final amount (at most the authorised
 * amount). Carries the approval code (38) and the original authorisation (90).
 */
public record CompletionAdvice(Transaction tx, ApprovalCode approvalCode, OriginalData original) implements NetworkMessage {
    public CompletionAdvice {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(approvalCode, "approvalCode");
        Objects.requireNonNull(original, "original");
    }

    @Override public String mti() { return "0220"; }
    @Override public Stan stan() { return tx.stan(); }
    @Override public String terminalKey() { return tx.acceptor().terminalId().value(); }
}
