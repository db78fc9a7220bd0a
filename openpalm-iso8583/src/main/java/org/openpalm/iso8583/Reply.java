package org.openpalm.iso8583;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The data elements of a financial response (0110, 0210, 0230, 0410): the echoed request elements
 * plus 39 response code and, when approved, 38 approval code.
 */
public record Reply(
        TransactionType type,
        NetworkToken token,
        Money amount,
        Stan stan,
        Instant transmittedAt,
        RetrievalReference rrn,
        Acceptor acceptor,
        ResponseCode responseCode,
        Optional<ApprovalCode> approvalCode) {

    public Reply {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(rrn, "rrn");
        Objects.requireNonNull(acceptor, "acceptor");
        Objects.requireNonNull(responseCode, "responseCode");
        Objects.requireNonNull(approvalCode, "approvalCode");
    }

    /** The reply to a transaction: echoes its elements, adds the outcome. */
    public static Reply to(Transaction tx, ResponseCode code, Optional<ApprovalCode> approval) {
        return new Reply(tx.type(), tx.token(), tx.amount(), tx.stan(), tx.transmittedAt(), tx.rrn(),
                tx.acceptor(), code, approval);
    }
}
