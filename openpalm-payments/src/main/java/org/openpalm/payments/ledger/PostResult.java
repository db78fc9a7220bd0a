package org.openpalm.payments.ledger;

/** Outcome of posting a transfer. */
public sealed interface PostResult {
    record Posted(Transfer transfer) implements PostResult {}

    /** The same transfer was posted before: nothing changed. */
    record AlreadyPosted(Transfer transfer) implements PostResult {}

    /** A different transfer already has this id. */
    record IdConflict(Transfer existing) implements PostResult {}

    /** Not applicable: unknown pending, already resolved, amount above pending, accounts differ. */
    record Refused(String reason) implements PostResult {}
}
