package org.openpalm.payments.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.openpalm.payments.audit.AuditChain;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditHead;
import org.openpalm.payments.audit.AuditLog;

/** The audit log in memory for the payments tests; {@link #tamper} lets a test play the attacker. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();
    private AuditHead head = AuditHead.EMPTY;

    @Override
    public synchronized AuditEntry append(AuditEvent event, Instant at) {
        AuditEntry e = AuditChain.next(head, event, at);
        entries.add(e);
        head = new AuditHead(e.seq(), e.hash());
        return e;
    }

    @Override
    public synchronized List<AuditEntry> about(String subject) {
        return entries.stream().filter(e -> e.subject().equals(subject)).toList();
    }

    @Override
    public synchronized List<AuditEntry> page(long afterSeq, int limit) {
        return entries.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public synchronized void forEachInOrder(Consumer<AuditEntry> sink) {
        List.copyOf(entries).forEach(sink);
    }

    @Override
    public synchronized AuditHead head() {
        return head;
    }

    /** Replaces the entry at {@code index} (an edit behind the log's back); identity removes nothing. */
    public synchronized void tamper(int index, UnaryOperator<AuditEntry> edit) {
        entries.set(index, edit.apply(entries.get(index)));
    }

    public synchronized void remove(int index) {
        entries.remove(index);
    }
}
