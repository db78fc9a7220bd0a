package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.attempt.CaptureDigest;
import org.openpalm.payments.attempt.PresentationStore;
import org.openpalm.payments.attempt.PresentationStore.Sighting;

/**
 * The shared memory of palm captures, on H2 and PostgreSQL: however many requests race, one
 * sighting of a capture is the first and a counter never counts past its limit.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcPresentationStoreTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    private PresentationStore store() {
        opened = db.open();
        return JdbcStorage.presentations(JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys"))));
    }

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private static <T> List<T> race(int callers, Callable<T> call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) futures.add(pool.submit(call));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        }
    }

    @Test
    void aCounterCountsUpToItsLimitHoweverManyRace() throws Exception {
        PresentationStore store = store();
        Instant forget = Instant.now().plusSeconds(3600);
        List<Boolean> counted = race(24, () -> store.countWithin("payment:pay_race", 5, forget));
        assertThat(counted.stream().filter(b -> b).count()).isEqualTo(5);
        assertThat(store.countWithin("payment:pay_race", 5, forget)).isFalse();
        assertThat(store.countWithin("payment:pay_other", 5, forget)).as("another scope counts on its own").isTrue();
    }

    @Test
    void oneSightingOfACaptureIsTheFirstAndItsOriginMayRepeatIt() throws Exception {
        PresentationStore store = store();
        CaptureDigest digest = CaptureDigest.of(new byte[] {1, 2, 3});
        Instant now = Instant.now();
        java.util.concurrent.atomic.AtomicInteger origin = new java.util.concurrent.atomic.AtomicInteger();
        List<Sighting> sightings = race(16, () -> store.sight(digest, "origin-" + origin.incrementAndGet(), now, now.plusSeconds(3600)));
        assertThat(sightings).containsOnlyOnce(Sighting.FIRST).doesNotContain(Sighting.SAME_ORIGIN);
        assertThat(store.remembered(digest)).isTrue();
        assertThat(store.remembered(CaptureDigest.of(new byte[] {4}))).isFalse();

        CaptureDigest hint = CaptureDigest.of(new byte[] {9});
        assertThat(store.sight(hint, "payment:ter_a:pay_a", now, now.plusSeconds(3600))).isEqualTo(Sighting.FIRST);
        assertThat(store.sight(hint, "payment:ter_a:pay_a", now, now.plusSeconds(3600))).isEqualTo(Sighting.SAME_ORIGIN);
        assertThat(store.sight(hint, "payment:ter_a:pay_b", now, now.plusSeconds(3600))).isEqualTo(Sighting.ELSEWHERE);
    }

    @Test
    void expiredDigestsAndCountersAreForgotten() {
        PresentationStore store = store();
        Instant now = Instant.now();
        CaptureDigest digest = CaptureDigest.of(new byte[] {7});
        store.sight(digest, "o", now, now.plusSeconds(60));
        store.countWithin("terminal:t:1", 1, now.plusSeconds(60));
        assertThat(store.purgeExpired(now)).isZero();
        assertThat(store.purgeExpired(now.plusSeconds(61))).isEqualTo(2);
        assertThat(store.remembered(digest)).isFalse();
        assertThat(store.countWithin("terminal:t:1", 1, now.plusSeconds(120))).isTrue();
    }
}
