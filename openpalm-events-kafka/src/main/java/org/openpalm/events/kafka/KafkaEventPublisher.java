package org.openpalm.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openpalm.payments.events.EventPublisher;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.webhook.OutboxEvent;

/**
 * Payment events on Kafka. One topic per event family ({@link KafkaSettings#topicOf}), the payment
 * id as the key (a payment's events share a partition, so in order), the event id in the
 * {@value #EVENT_ID_HEADER} header and a small JSON value. The producer is idempotent with
 * {@code acks=all}: its own retries never write an event twice.
 *
 * <p>Each event id is in the stream once: the relay marks an event published only after the
 * brokers acknowledged it, and an event a relay took but never marked (it died mid-round) is first
 * looked up in the stream ({@link #alreadyPublished}: the topic's records from a little before the
 * event was made) and sent only when it is not there. Consumers may still deduplicate by the
 * header, as for any at-least-once source.
 */
public final class KafkaEventPublisher implements EventPublisher {
    public static final String EVENT_ID_HEADER = "openpalm-event-id";
    public static final String EVENT_TYPE_HEADER = "openpalm-event-type";
    /** Clocks of servers and brokers differ: the look-up starts this much before the event was made. */
    private static final long CLOCK_SKEW_MARGIN_MILLIS = 5 * 60_000L;
    private static final System.Logger LOG = System.getLogger(KafkaEventPublisher.class.getName());

    private final KafkaSettings settings;
    private final KafkaProducer<String, byte[]> producer;

    private KafkaEventPublisher(KafkaSettings settings, KafkaProducer<String, byte[]> producer) {
        this.settings = settings;
        this.producer = producer;
    }

    /** A producer for {@code settings}; connects lazily (no broker is needed until the first publish). */
    public static KafkaEventPublisher connect(KafkaSettings settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeoutMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(settings.deliveryTimeoutMillis() - 100, 15_000));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.deliveryTimeoutMillis());
        return new KafkaEventPublisher(settings, new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
    }

    @Override
    public List<EventId> publish(List<OutboxEvent> events) {
        Map<EventId, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        try {
            for (OutboxEvent e : events) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topicOf(e.type()), null, e.payment().value(), json(e),
                        List.<Header>of(new RecordHeader(EVENT_ID_HEADER, e.id().value().getBytes(StandardCharsets.US_ASCII)),
                                new RecordHeader(EVENT_TYPE_HEADER, e.type().getBytes(StandardCharsets.US_ASCII))));
                sent.put(e.id(), producer.send(record));
            }
        } catch (KafkaException e) {
            LOG.log(System.Logger.Level.WARNING, "publishing payment events failed: {0}", e.getMessage());
        }
        List<EventId> acknowledged = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.deliveryTimeoutMillis());
        for (Map.Entry<EventId, Future<RecordMetadata>> s : sent.entrySet()) {
            try {
                s.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(s.getKey());
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "payment event {0} not acknowledged: {1}", s.getKey(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(acknowledged);
    }

    @Override
    public Set<EventId> alreadyPublished(List<OutboxEvent> events) {
        Map<String, List<OutboxEvent>> byTopic = events.stream().collect(Collectors.groupingBy(e -> settings.topicOf(e.type())));
        Set<String> wanted = events.stream().map(e -> e.id().value()).collect(Collectors.toSet());
        Set<EventId> found = new HashSet<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-lookup");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // partitions assigned, no group: nothing to commit
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Duration timeout = Duration.ofMillis(settings.deliveryTimeoutMillis());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            for (Map.Entry<String, List<OutboxEvent>> t : byTopic.entrySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(t.getKey(), timeout);
                if (infos == null || infos.isEmpty()) continue; // no topic yet: nothing was published to it
                List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                long from = t.getValue().stream().mapToLong(e -> e.createdAt().toEpochMilli()).min().orElseThrow() - CLOCK_SKEW_MARGIN_MILLIS;
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(tp -> times.put(tp, from));
                Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, timeout);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
                consumer.assign(partitions);
                for (TopicPartition tp : partitions) {
                    OffsetAndTimestamp start = starts.get(tp);
                    consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                    if (System.nanoTime() > deadline) throw new KafkaException("timed out reading " + t.getKey() + " back");
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        Header h = r.headers().lastHeader(EVENT_ID_HEADER);
                        if (h == null) continue;
                        String id = new String(h.value(), StandardCharsets.US_ASCII);
                        if (wanted.contains(id)) found.add(new EventId(id));
                    }
                }
            }
        }
        return Set.copyOf(found);
    }

    /** The record's value: the event as consumers need it to fetch the payment (no card or palm data). */
    static byte[] json(OutboxEvent e) {
        return ("{\"id\":\"" + escape(e.id().value()) + "\",\"type\":\"" + escape(e.type()) + "\",\"merchant_id\":\"" + escape(e.merchant().value())
                + "\",\"payment_id\":\"" + escape(e.payment().value()) + "\",\"payment_version\":" + e.paymentVersion()
                + ",\"created_at\":\"" + e.createdAt() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    @Override
    public void close() {
        producer.close(Duration.ofMillis(settings.deliveryTimeoutMillis()));
    }
}
