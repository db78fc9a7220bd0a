package org.openpalm.payments.idempotency;

/** What the store says when a request with a key arrives. */
public sealed interface Claim {
    /** First time: the caller does the work, then completes or releases the key. */
    record Acquired() implements Claim {}

    /** Done before with the same body: replay this. */
    record Replay(StoredResponse response) implements Claim {}

    /** The key was used with a different body. */
    record Conflict() implements Claim {}

    /** The first request with this key is still running. */
    record InProgress() implements Claim {}
}
