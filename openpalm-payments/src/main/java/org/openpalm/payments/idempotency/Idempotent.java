package org.openpalm.payments.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.openpalm.payments.Transactor;

/** Runs a request at most once per key: the first response is stored and replayed. */
public final class Idempotent {
    /** The result of an idempotent execution. */
    public sealed interface Outcome {
        record Executed(StoredResponse response) implements Outcome {}

        record Replayed(StoredResponse response) implements Outcome {}

        record Conflict() implements Outcome {}

        record InProgress() implements Outcome {}
    }

    private final IdempotencyStore store;
    private final Transactor transactor;
    private final IdempotencyConfig config;
    private final Clock clock;

    public Idempotent(IdempotencyStore store, Transactor transactor, IdempotencyConfig config, Clock clock) {
        this.store = store;
        this.transactor = transactor;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Like {@link #execute}, but the claim, the work and the stored response commit in one
     * transaction: for work that only writes to storage (no network call), a crash can never leave
     * the effect without its response, so a retry replays instead of repeating it. A server error
     * (5xx) rolls the work back and leaves the key unused, so the client may retry.
     */
    public Outcome executeAtomically(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Supplier<StoredResponse> work) {
        java.time.Instant now = clock.instant();
        Optional<Outcome> firstUse;
        try {
            firstUse = transactor.inTransaction(() -> {
                if (!store.claimNew(scope, key, fingerprint, now)) return Optional.empty();
                StoredResponse response = work.get();
                if (response.status() >= 500) throw new RolledBack(response);
                store.complete(scope, key, response);
                return Optional.of(new Outcome.Executed(response));
            });
        } catch (RolledBack e) {
            return new Outcome.Executed(e.response);
        }
        if (firstUse.isPresent()) return firstUse.get();
        // The key exists: replay, conflict, in progress, or a claim abandoned by a crash and taken over.
        return execute(scope, key, fingerprint, () -> transactor.inTransaction(() -> {
            StoredResponse response = work.get();
            if (response.status() < 500) store.complete(scope, key, response);
            return response;
        }), true);
    }

    /** Rolls back an atomic execution that answered with a server error. */
    private static final class RolledBack extends RuntimeException {
        private final transient StoredResponse response;

        RolledBack(StoredResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    /**
     * Runs {@code work} unless the key was seen. Server errors (status 5xx) and exceptions release
     * the key, so the client may retry; every other response is stored.
     */
    public Outcome execute(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Supplier<StoredResponse> work) {
        return execute(scope, key, fingerprint, work, false);
    }

    /** {@code completedByWork}: the work stored its response itself, in its own transaction. */
    private Outcome execute(String scope, IdempotencyKey key, RequestFingerprint fingerprint, Supplier<StoredResponse> work,
                            boolean completedByWork) {
        java.time.Instant now = clock.instant();
        return switch (store.claim(scope, key, fingerprint, now, now.minusSeconds(config.inProgressLeaseSeconds()))) {
            case Claim.Replay r -> new Outcome.Replayed(r.response());
            case Claim.Conflict c -> new Outcome.Conflict();
            case Claim.InProgress p -> new Outcome.InProgress();
            case Claim.Acquired a -> {
                StoredResponse response;
                try {
                    response = work.get();
                } catch (RuntimeException | Error e) {
                    store.release(scope, key);
                    throw e;
                }
                if (response.status() >= 500) store.release(scope, key);
                else if (!completedByWork) store.complete(scope, key, response);
                yield new Outcome.Executed(response);
            }
        };
    }

    /** Deletes keys older than the retention period. */
    public int purgeExpired() {
        return store.purgeCreatedBefore(clock.instant().minus(Duration.ofHours(config.retentionHours())));
    }
}
