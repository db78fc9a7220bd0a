package org.openpalm.payments.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.testing.InMemoryStorage;

class IdempotentTest {
    final InMemoryStorage store = new InMemoryStorage();
    final IdempotencyKey key = new IdempotencyKey("order-42");
    final AtomicInteger runs = new AtomicInteger();

    static RequestFingerprint body(String s) {
        return RequestFingerprint.of("create", s.getBytes(StandardCharsets.UTF_8));
    }

    StoredResponse work() {
        return new StoredResponse(201, "{\"n\":" + runs.incrementAndGet() + "}");
    }

    @Test
    void sameKeySameBodyReplaysDifferentBodyConflicts() {
        Idempotent idem = new Idempotent(store, store, IdempotencyConfig.DEFAULT, Clock.systemUTC());
        assertThat(idem.execute("m1", key, body("a"), this::work)).isEqualTo(new Idempotent.Outcome.Executed(new StoredResponse(201, "{\"n\":1}")));
        assertThat(idem.execute("m1", key, body("a"), this::work)).isEqualTo(new Idempotent.Outcome.Replayed(new StoredResponse(201, "{\"n\":1}")));
        assertThat(idem.execute("m1", key, body("b"), this::work)).isInstanceOf(Idempotent.Outcome.Conflict.class);
        assertThat(idem.execute("m2", key, body("b"), this::work)).isInstanceOf(Idempotent.Outcome.Executed.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void failuresReleaseTheKey() {
        Idempotent idem = new Idempotent(store, store, IdempotencyConfig.DEFAULT, Clock.systemUTC());
        assertThatThrownBy(() -> idem.execute("m", key, body("a"), () -> { throw new IllegalStateException("boom"); }))
                .hasMessage("boom");
        assertThat(idem.execute("m", key, body("a"), () -> new StoredResponse(503, "later"))).isInstanceOf(Idempotent.Outcome.Executed.class);
        assertThat(idem.execute("m", key, body("a"), this::work)).isInstanceOf(Idempotent.Outcome.Executed.class);
    }

    @Test
    void aClaimAbandonedByACrashIsTakenOverAfterTheLease() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(store.claim("m", key, body("a"), t0, t0.minusSeconds(60))).isInstanceOf(Claim.Acquired.class);
        // the process dies here: no complete, no release
        assertThat(store.claim("m", key, body("a"), t0.plusSeconds(30), t0.minusSeconds(30))).isInstanceOf(Claim.InProgress.class);
        assertThat(store.claim("m", key, body("b"), t0.plusSeconds(61), t0.plusSeconds(1))).isInstanceOf(Claim.Conflict.class);
        assertThat(store.claim("m", key, body("a"), t0.plusSeconds(61), t0.plusSeconds(1))).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void atomicExecutionStoresTheResponseWithTheEffect() {
        Idempotent idem = new Idempotent(store, store, IdempotencyConfig.DEFAULT, Clock.systemUTC());
        assertThat(idem.executeAtomically("m", key, body("a"), this::work)).isInstanceOf(Idempotent.Outcome.Executed.class);
        assertThat(idem.executeAtomically("m", key, body("a"), this::work)).isInstanceOf(Idempotent.Outcome.Replayed.class);
        assertThat(runs).hasValue(1);
    }

    @Test
    void keysAreKeptAtLeastADay() {
        assertThatThrownBy(() -> new IdempotencyConfig(23, 60)).isInstanceOf(IllegalArgumentException.class);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        new Idempotent(store, store, new IdempotencyConfig(24, 60), Clock.fixed(t0, ZoneOffset.UTC)).execute("m", key, body("a"), this::work);
        Idempotent later = new Idempotent(store, store, new IdempotencyConfig(24, 60), Clock.fixed(t0.plus(Duration.ofHours(23)), ZoneOffset.UTC));
        assertThat(later.purgeExpired()).isZero();
        assertThat(later.execute("m", key, body("a"), this::work)).isInstanceOf(Idempotent.Outcome.Replayed.class);
        Idempotent dayAfter = new Idempotent(store, store, new IdempotencyConfig(24, 60), Clock.fixed(t0.plus(Duration.ofHours(25)), ZoneOffset.UTC));
        assertThat(dayAfter.purgeExpired()).isEqualTo(1);
    }
}
