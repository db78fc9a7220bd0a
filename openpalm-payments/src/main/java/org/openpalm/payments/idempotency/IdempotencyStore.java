package org.openpalm.payments.idempotency;

import java.time.Instant;

/** Port: idempotency keys per scope (a merchant, a terminal), kept at least 24 hours. */
public interface IdempotencyStore {
    /**
     * Claims the key. A claim still in progress but made before {@code abandonedBefore} is taken
     * over (its request died with a crashed process) and counts as acquired.
     */
    Claim claim(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Instant now, Instant abandonedBefore);

    /**
     * Claims a key never used before, inside the caller's transaction (so that the claim, the
     * work and its response commit together). False when the key exists, or another transaction
     * claimed it and committed (this call waits for that transaction to end).
     */
    boolean claimNew(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Instant now);

    /** Stores the response; joins the caller's transaction when there is one. */
    void complete(String scope, IdempotencyKey key, StoredResponse response);

    /** Forgets an unfinished claim (the work failed before any effect). */
    void release(String scope, IdempotencyKey key);

    /** Deletes keys created before {@code cutoff}; returns how many. */
    int purgeCreatedBefore(Instant cutoff);
}
