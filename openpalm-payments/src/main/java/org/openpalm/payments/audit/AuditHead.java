package org.openpalm.payments.audit;

import java.util.Objects;

/**
 * The last appended entry, kept apart from the entries: it is what reveals a removed tail (a chain
 * that simply ends early is otherwise still a valid chain). {@code seq} 0 is the empty log.
 */
public record AuditHead(long seq, String hash) {
    public static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS);

    public AuditHead {
        Objects.requireNonNull(hash, "hash");
        if (seq < 0) throw new IllegalArgumentException("seq must not be negative");
    }
}
