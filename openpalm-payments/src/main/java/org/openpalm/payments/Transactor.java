package org.openpalm.payments;

import java.util.function.Supplier;

/**
 * Port: runs work in one storage transaction; everything the repositories write inside it commits
 * together or not at all. Never call a network or other slow I/O inside.
 */
public interface Transactor {
    <T> T inTransaction(Supplier<T> work);
}
