package org.openpalm.events.kafka;

import java.util.Objects;
import org.openpalm.payments.events.EventRelayConfig;

/**
 * Where and how payment events are published to Kafka.
 *
 * @param bootstrapServers      {@code host:port[,host:port...]} of the cluster ({@code kafka.bootstrapServers})
 * @param topicPrefix           topics are this prefix plus the event family: {@code openpalm.payment} for {@code payment.*}
 * @param clientId              the producer's client id, as the brokers log and quote it
 * @param deliveryTimeoutMillis how long a publish (and a look-up of already published events) may take before
 *                              the round is given up and tried again
 * @param relay                 polling, batch size and claim time of the relay from the outbox
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, String clientId, long deliveryTimeoutMillis, EventRelayConfig relay) {
    public static final String DEFAULT_TOPIC_PREFIX = "openpalm.";

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) throw new IllegalArgumentException("kafka.bootstrapServers must name at least one broker");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) throw new IllegalArgumentException("kafka.topicPrefix may hold only A-Z a-z 0-9 . _ -");
        Objects.requireNonNull(clientId, "clientId");
        if (deliveryTimeoutMillis < 1_000) throw new IllegalArgumentException("kafka.deliveryTimeoutMillis must be at least 1000");
        Objects.requireNonNull(relay, "relay");
        if (relay.claimMillis() <= deliveryTimeoutMillis) {
            throw new IllegalArgumentException("the relay's claim must outlast kafka.deliveryTimeoutMillis, or two relays could send one event");
        }
    }

    /** Defaults: prefix {@code openpalm.}, client id {@code openpalm}, 30 s delivery timeout, {@link EventRelayConfig#DEFAULT}. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, DEFAULT_TOPIC_PREFIX, "openpalm", 30_000, EventRelayConfig.DEFAULT);
    }

    public KafkaSettings withRelay(EventRelayConfig newRelay) {
        return new KafkaSettings(bootstrapServers, topicPrefix, clientId, deliveryTimeoutMillis, newRelay);
    }

    public KafkaSettings withDeliveryTimeoutMillis(long millis) {
        return new KafkaSettings(bootstrapServers, topicPrefix, clientId, millis, relay);
    }

    /** The topic of an event type: the prefix and the family, the type up to its first dot ({@code payment.captured} -> {@code openpalm.payment}). */
    public String topicOf(String eventType) {
        int dot = eventType.indexOf('.');
        return topicPrefix + (dot < 0 ? eventType : eventType.substring(0, dot));
    }
}
