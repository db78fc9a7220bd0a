package org.openpalm.payments.service;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.PhoneCheckId;

/**
 * Port: the one-time codes of enrolments in progress. Neither the code nor the phone number is
 * stored: only a salted SHA-256 over both, so a code proves the phone it was sent to.
 */
public interface PhoneCheckStore {
    record PendingPhoneCheck(PhoneCheckId id, String salt, String codeHash, Instant issuedAt, Instant expiresAt, int failedAttempts) {
        public PendingPhoneCheck {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(codeHash, "codeHash");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    void save(PendingPhoneCheck check);

    Optional<PendingPhoneCheck> find(PhoneCheckId id);

    /** Counts one more wrong code; returns the new count. */
    int recordFailedAttempt(PhoneCheckId id);

    /** Deletes the check; true only for the call that deleted it (a code is used once). */
    boolean delete(PhoneCheckId id);

    /** Deletes checks past their expiry; returns how many. */
    int purgeExpired(Instant now);
}
