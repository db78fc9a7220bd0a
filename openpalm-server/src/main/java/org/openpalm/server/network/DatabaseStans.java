package org.openpalm.server.network;

import java.util.concurrent.locks.ReentrantLock;
import org.openpalm.iso8583.Stan;
import org.openpalm.iso8583.StanSource;
import org.openpalm.store.JdbcNetworkState;

/**
 * STANs from blocks reserved in the database all servers share ({@link JdbcNetworkState#reserveStanBlock}):
 * servers sending for one terminal id never draw the same STAN (until the 999,999 cycle comes
 * round), so the network never takes one server's new authorisation for another's repeat.
 */
final class DatabaseStans implements StanSource {
    /** STANs per reservation: one database round trip per this many messages; a restart forgoes at most one block. */
    static final int BLOCK = 1_000;

    private final JdbcNetworkState state;
    private final ReentrantLock lock = new ReentrantLock();
    private int next;
    private int end; // exclusive; next == end: a new block is needed

    DatabaseStans(JdbcNetworkState state) {
        this.state = state;
    }

    @Override
    public Stan next() {
        lock.lock();
        try {
            // held across the reservation, once per BLOCK messages: callers wait for the block rather than reserve several
            if (next == end) {
                next = state.reserveStanBlock(BLOCK);
                end = next + BLOCK;
            }
            return new Stan(next++);
        } finally {
            lock.unlock();
        }
    }
}
