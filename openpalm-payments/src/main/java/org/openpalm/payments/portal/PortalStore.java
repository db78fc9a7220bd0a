package org.openpalm.payments.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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

    /**
     * The subject a phone's attempt counter is kept under: the store's keyed hash of the number
     * (as its codes are), never the number or an unkeyed hash a list of all numbers would reverse.
     */
    String phoneSubject(PhoneNumber phone);

    /** The sign-in attempts of one subject (a phone's hash or a client address) on one UTC day. */
    record AttemptCounter(LocalDate day, int attempts, Instant lastAttemptAt) {
        public AttemptCounter {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
            if (attempts < 0) throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /** What {@link #withAttemptCounter} stores (empty: nothing) and what it answers. */
    record CounterStep<T>(Optional<AttemptCounter> store, T answer) {
        public CounterStep {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * Locks the subject's counter (empty when it has none), lets {@code step} decide, stores the
     * counter it returns and answers its answer; atomic across server instances sharing the database.
     */
    <T> T withAttemptCounter(String subject, Function<Optional<AttemptCounter>, CounterStep<T>> step);

    /** Deletes expired codes and sessions, and attempt counters of days before {@code now}'s; returns how many. */
    int purgeExpired(Instant now);
}
