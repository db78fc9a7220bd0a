package org.openpalm.payments.audit;

/** The result of checking the audit chain. */
public sealed interface AuditVerification {
    /** Every entry hashes correctly, links to its predecessor, and the chain ends at the head. */
    record Intact(long entries) implements AuditVerification {}

    /** The first entry found wrong (edited, missing, or out of place), and why. */
    record Broken(long firstBadSeq, String reason) implements AuditVerification {}
}
