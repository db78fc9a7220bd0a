package org.openpalm.payments.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored audit log entry. {@code action} is kept as the stored text (not parsed) so that a
 * verifier can hash exactly what the database holds, even when someone edited it.
 *
 * @param prevHash the hash of entry {@code seq - 1} (64 zeros for the first)
 * @param hash     SHA-256 (hex) of the canonical form of this entry including {@code prevHash}
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String subject, String details, String prevHash, String hash) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
