package org.openpalm.payments.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.webhook.OutboxEvent;

/**
 * Moves payment events from the {@link EventOutbox} to the {@link EventPublisher}: claims a batch,
 * drops the events the stream already holds (those of a relay that died mid-round), publishes the
 * rest and records what the stream acknowledged. Runs on one virtual thread; no lock is held across
 * the broker call, and a failed round is simply tried again (the claims lapse).
 */
public final class EventRelay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventRelay.class.getName());

    private final EventOutbox outbox;
    private final EventPublisher publisher;
    private final EventRelayConfig config;
    private final Clock clock;
    private final Thread loop;
    /** This relay's name in the outbox's claims. */
    private final String claimant = "relay-" + java.util.UUID.randomUUID();
    private volatile boolean running = true;

    public EventRelay(EventOutbox outbox, EventPublisher publisher, EventRelayConfig config, Clock clock) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.loop = Thread.ofVirtual().name("openpalm-event-relay").unstarted(this::run);
    }

    public EventRelay start() {
        loop.start();
        return this;
    }

    private void run() {
        while (running) {
            int moved;
            try {
                moved = relayOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event relay round failed: {0}", e.getMessage());
                moved = 0;
            }
            if (moved < config.batchSize()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(config.pollIntervalMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * One round: claims, publishes and records a batch.
     *
     * @return the events recorded as published this round
     */
    public int relayOnce() {
        Instant now = clock.instant();
        List<ClaimedEvent> claimed = outbox.claim(claimant, now, now.plusMillis(config.claimMillis()), config.batchSize());
        if (claimed.isEmpty()) return 0;
        List<OutboxEvent> uncertain = claimed.stream().filter(ClaimedEvent::maybePublished).map(ClaimedEvent::event).toList();
        Set<EventId> there = uncertain.isEmpty() ? Set.of() : publisher.alreadyPublished(uncertain);
        List<OutboxEvent> toSend = new ArrayList<>();
        for (ClaimedEvent c : claimed) if (!there.contains(c.event().id())) toSend.add(c.event());
        List<EventId> done = new ArrayList<>(there);
        if (!toSend.isEmpty()) done.addAll(publisher.publish(toSend));
        if (!done.isEmpty()) outbox.published(done, clock.instant());
        return done.size();
    }

    /** Stops after the current round (a round still waiting for the broker after 10 s is interrupted: its claims lapse). */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(TimeUnit.SECONDS.toMillis(10));
            if (loop.isAlive()) {
                loop.interrupt();
                loop.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
