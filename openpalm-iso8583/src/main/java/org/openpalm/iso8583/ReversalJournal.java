package org.openpalm.iso8583;

import java.util.List;
import java.util.Map;

/**
 * Port: where the link keeps reversals until the network acknowledges them, so that a restart does
 * not lose one. {@link #add} must be durable when it returns.
 */
public interface ReversalJournal {

    void add(PendingReversal reversal);

    /** The network acknowledged the reversal with this id; idempotent. */
    void acknowledge(String id);

    /** Reversals not yet acknowledged, oldest first. */
    List<PendingReversal> pending();

    /** A journal that forgets on restart: for tests and tools only. */
    static ReversalJournal inMemory() {
        Map<String, PendingReversal> map = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        return new ReversalJournal() {
            @Override
            public void add(PendingReversal reversal) {
                map.put(reversal.id(), reversal);
            }

            @Override
            public void acknowledge(String id) {
                map.remove(id);
            }

            @Override
            public List<PendingReversal> pending() {
                synchronized (map) {
                    return List.copyOf(map.values());
                }
            }
        };
    }
}
