package org.openpalm.payments.ledger;

/** TigerBeetle-style transfer kinds. */
public enum TransferKind {
    /** Moves money at once. */
    POSTED,
    /** Reserves money; later posted (all or part) or voided, exactly once. */
    PENDING,
    /** Posts a pending transfer, for at most its amount; the rest is released. */
    POST_PENDING,
    /** Releases a pending transfer entirely; its amount equals the pending amount. */
    VOID_PENDING
}
