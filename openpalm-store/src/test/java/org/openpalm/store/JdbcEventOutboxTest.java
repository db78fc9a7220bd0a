package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.events.ClaimedEvent;
import org.openpalm.payments.events.EventOutbox;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.webhook.OutboxEvent;

/**
 * The event stream's outbox on H2 and PostgreSQL: written with the payment only when an event
 * stream is configured, each event taken by one of several racing relays, and a lapsed claim
 * handed on marked as maybe published.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcEventOutboxTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private Storage storage(boolean stream) {
        if (opened == null) opened = db.open();
        FileKeyProvider keys = FileKeyProvider.openOrCreate(dir.resolve("keys"));
        return stream ? JdbcStorage.withEventStream(opened.database(), keys) : JdbcStorage.over(opened.database(), keys);
    }

    private static List<OutboxEvent> enqueue(Storage storage, int payments) {
        List<OutboxEvent> all = new ArrayList<>();
        MerchantId merchant = MerchantId.random();
        for (int i = 0; i < payments; i++) {
            PaymentId p = PaymentId.random();
            Instant at = Instant.parse("2026-12-05T10:00:00Z").plusSeconds(i);
            List<OutboxEvent> events = List.of(new OutboxEvent(EventId.random(), merchant, "payment.authorised", p, 2, at),
                    new OutboxEvent(EventId.random(), merchant, "payment.captured", p, 3, at));
            storage.transactor().inTransaction(() -> {
                storage.webhooks().enqueue(events);
                return null;
            });
            all.addAll(events);
        }
        return all;
    }

    @Test
    void withoutAnEventStreamNothingIsRecordedForIt() {
        Storage storage = storage(false);
        enqueue(storage, 3);
        assertThat(JdbcStorage.eventOutbox(storage).unpublishedCount()).isZero();
    }

    @Test
    void racingRelaysEachTakeDistinctEventsAndALapsedClaimIsHandedOnAsMaybePublished() throws Exception {
        Storage storage = storage(true);
        List<OutboxEvent> made = enqueue(storage, 20);
        EventOutbox outbox = JdbcStorage.eventOutbox(storage);
        Instant now = Instant.now();
        List<ClaimedEvent> taken = new ArrayList<>();
        List<java.util.Set<PaymentId>> byRelay = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<ClaimedEvent>>> relays = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String relay = "relay-" + i;
                relays.add(pool.submit(() -> { // each relay claims rounds of 5 until nothing is left
                    List<ClaimedEvent> mine = new ArrayList<>();
                    for (List<ClaimedEvent> round = outbox.claim(relay, now, now.plusSeconds(60), 5); !round.isEmpty();
                         round = outbox.claim(relay, now, now.plusSeconds(60), 5)) {
                        mine.addAll(round);
                    }
                    return mine;
                }));
            }
            for (Future<List<ClaimedEvent>> f : relays) {
                List<ClaimedEvent> mine = f.get();
                taken.addAll(mine);
                byRelay.add(mine.stream().map(c -> c.event().payment()).collect(java.util.stream.Collectors.toSet()));
            }
        }
        for (int i = 0; i < byRelay.size(); i++) {
            for (int j = i + 1; j < byRelay.size(); j++) {
                assertThat(java.util.Collections.disjoint(byRelay.get(i), byRelay.get(j)))
                        .as("a payment's events are taken by one relay, so they reach the stream in order").isTrue();
            }
        }
        assertThat(taken).extracting(c -> c.event().id()).doesNotHaveDuplicates();
        assertThat(taken).noneMatch(ClaimedEvent::maybePublished);
        assertThat(taken.size()).as("all taken, each once").isEqualTo(made.size());
        assertThat(outbox.claim("relay-9", now.plusSeconds(1), now.plusSeconds(61), 100)).as("all held").isEmpty();

        outbox.published(taken.subList(0, 30).stream().map(c -> c.event().id()).toList(), now);
        assertThat(outbox.unpublishedCount()).isEqualTo(10);
        List<ClaimedEvent> handedOn = outbox.claim("relay-9", now.plusSeconds(120), now.plusSeconds(180), 100);
        assertThat(handedOn).hasSize(10).allMatch(ClaimedEvent::maybePublished);
        assertThat(handedOn).extracting(c -> c.event()).isSubsetOf(made);
    }

    @Test
    void aPaymentsEventsAreTakenInVersionOrder() {
        Storage storage = storage(true);
        List<OutboxEvent> made = enqueue(storage, 5);
        List<ClaimedEvent> claimed = JdbcStorage.eventOutbox(storage).claim("relay-1", Instant.now(), Instant.now().plusSeconds(60), 100);
        assertThat(claimed).extracting(ClaimedEvent::event).containsExactlyElementsOf(made);
    }
}
