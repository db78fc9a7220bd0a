package org.openpalm.payments.portal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.CustomerId;

/** Port: pending sign-in codes (hashed) and portal sessions (hashed tokens). */
public interface PortalStore {
    /** The code waiting for a phone: its salted SHA-256, when it was issued and expires, wrong tries so far. */
    record PendingCode(PhoneNumber phone, String salt, String codeHash, Instant issuedAt, Instant expiresAt, int failedAttempts) {
        public PendingCode {
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(codeHash, "codeHash");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** A signed-in customer's session, by the token's hash. */
    record Session(String tokenHash, CustomerId customer, Instant createdAt, Instant expiresAt) {
        public Session {
            Objects.requireNonNull(tokenHash, "tokenHash");
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** Stores the code for its phone, replacing any earlier one. */
    void saveCode(PendingCode code);

    Optional<PendingCode> findCode(PhoneNumber phone);

    /** Counts one more wrong entry; returns the new count. */
    int recordFailedAttempt(PhoneNumber phone);

    void deleteCode(PhoneNumber phone);

    void saveSession(Session session);

    Optional<Session> findSession(String tokenHash);

    void deleteSession(String tokenHash);

    /** Deletes expired codes and sessions; returns how many. */
    int purgeExpired(Instant now);
}
