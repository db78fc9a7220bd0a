package org.openpalm.payments.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * Port: pre-enrolments from the phone page waiting for their confirmation at a reader. A pending
 * customer's palms are stored like any others but marked {@code PENDING_CONFIRMATION}, so the
 * identifier never loads them ({@link org.openpalm.payments.identify.PalmRepository#allPalms()}
 * returns active palms only).
 */
public interface PreEnrolmentStore {
    /** A pending pre-enrolment: whose, the hint that finds it, when it lapses, failed confirmations so far. */
    record Pending(CustomerId customer, PalmHint hint, Instant createdAt, Instant expiresAt, int failedConfirmations) {
        public Pending {
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(hint, "hint");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (failedConfirmations < 0) throw new IllegalArgumentException("failedConfirmations must not be negative");
        }
    }

    /** Marks {@code palms} pending and records the pre-enrolment; runs in the enrolment's transaction. */
    void markPending(Pending pending, List<EnrolmentId> palms);

    /** The pre-enrolments still pending whose phone ends in {@code hint}, not yet lapsed at {@code now}. */
    List<Pending> withHint(PalmHint hint, Instant now);

    Optional<Pending> find(CustomerId customer);

    /** Whether any pre-enrolment is pending and not lapsed at {@code now}. */
    boolean anyPending(Instant now);

    /** Counts one failed confirmation; returns the count after it (0 when no longer pending). */
    int recordFailedConfirmation(CustomerId customer);

    /**
     * Ends the pending state: the customer's palms become active and the pre-enrolment row goes.
     * False when it was no longer pending (confirmed or deleted meanwhile).
     */
    boolean activate(CustomerId customer);

    /** Pending pre-enrolments that lapsed at {@code now}. */
    List<Pending> lapsed(Instant now);

    /**
     * Deletes a pending customer entirely (palms, card, consents, portal sessions, the customer) when
     * still pending; false otherwise. The audit log keeps what happened.
     */
    boolean deletePending(CustomerId customer);
}
