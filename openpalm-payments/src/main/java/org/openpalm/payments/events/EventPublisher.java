package org.openpalm.payments.events;

import java.util.List;
import java.util.Set;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.webhook.OutboxEvent;

/** Port: the event stream (Kafka in production) that payment events are published to. */
public interface EventPublisher extends AutoCloseable {
    /**
     * Publishes the events in order and waits for the stream to acknowledge them.
     *
     * @return the ids of the events the stream acknowledged (the others are tried again later)
     */
    List<EventId> publish(List<OutboxEvent> events);

    /**
     * Which of {@code events} the stream already holds: events of a relay that died after sending
     * them and before recording it. Looked up only for such events, so each event is in the stream
     * once.
     */
    Set<EventId> alreadyPublished(List<OutboxEvent> events);

    @Override
    void close();
}
