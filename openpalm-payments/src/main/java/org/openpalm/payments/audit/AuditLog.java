package org.openpalm.payments.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: the append-only, hash-chained audit log. {@link #append} joins the caller's transaction, so
 * an entry commits with the change it records; appends are serialised on the head.
 */
public interface AuditLog {
    AuditEntry append(AuditEvent event, Instant at);

    /** Entries about one subject (a customer), oldest first. */
    List<AuditEntry> about(String subject);

    /** Up to {@code limit} entries with seq above {@code afterSeq}, oldest first. */
    List<AuditEntry> page(long afterSeq, int limit);

    /** Feeds every stored entry in seq order (streamed, for verification). */
    void forEachInOrder(Consumer<AuditEntry> sink);

    AuditHead head();

    /**
     * Checks the whole stored chain and that it passes through the recorded head. The head is read
     * first: entries appended while the check runs (a live server) chain on from it and pass.
     */
    default AuditVerification verify() {
        AuditChain.Verifier verifier = new AuditChain.Verifier(head());
        forEachInOrder(verifier::accept);
        return verifier.result();
    }
}
