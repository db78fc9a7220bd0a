package org.openpalm.payments;

import java.util.function.Supplier;

/**
 * Port: runs work in one storage transaction; everything the repositories write inside it commits
 * together or not at all. Never call a network or other slow I/O inside.
 */
public interface Transactor {
    <T> T inTransaction(Supplier<T> work);

    /**
     * As {@link #inTransaction}, for bookkeeping whose loss in a crash of the database itself
     * costs no money and no privacy: request nonces, idempotency claims and stored responses. Its commit does not wait for the write-ahead log
     * to reach the disk (PostgreSQL {@code synchronous_commit = off}); it is visible to every
     * server at once, and it becomes durable with the next ordinary commit (the log is written in
     * order) or within a fraction of a second. Every commit that moves money or records a
     * customer's data keeps waiting. Inside an ordinary transaction it joins that one.
     */
    default <T> T inBookkeepingTransaction(Supplier<T> work) {
        return inTransaction(work);
    }
}
