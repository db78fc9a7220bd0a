package org.openpalm.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.events.ClaimedEvent;
import org.openpalm.payments.events.EventOutbox;
import org.openpalm.payments.events.EventRelay;
import org.openpalm.payments.events.EventRelayConfig;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.webhook.OutboxEvent;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.JdbcStorage;
import org.openpalm.store.TestDatabase;

/**
 * Payment events from the real outbox (JDBC, written in payment transactions) to a real Kafka
 * cluster in process (KRaft: one controller, three brokers; the topic replicated three times):
 * every event arrives once, keyed by its payment id and in its payment's order, also when the
 * publisher restarts and when one dies between sending a batch and recording it.
 */
class KafkaEventsTest {
    static KafkaClusterTestKit cluster;
    static int topicRun;

    @TempDir
    java.nio.file.Path dir;

    TestDatabase.Opened db;
    Storage storage;
    EventOutbox outbox;
    KafkaSettings settings;

    @BeforeAll
    static void startKafka() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setNumControllerNodes(1).setNumBrokerNodes(3).setCombined(false).build())
                .setConfigProp("auto.create.topics.enable", "false") // topics are made by the operator, replicated
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (cluster != null) cluster.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase("h2").open();
        storage = JdbcStorage.withEventStream(db.database(), FileKeyProvider.openOrCreate(dir.resolve("keys")));
        outbox = JdbcStorage.eventOutbox(storage);
        // a topic prefix per test: each test reads its own topic from the start
        settings = KafkaSettings.of(cluster.bootstrapServers()).withDeliveryTimeoutMillis(20_000)
                .withRelay(new EventRelayConfig(20, 50, 60_000));
        settings = new KafkaSettings(settings.bootstrapServers(), "t" + (++topicRun) + ".", "openpalm-test", settings.deliveryTimeoutMillis(),
                settings.relay());
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(settings.topicOf("payment.authorised"), 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** Payment changes as the payment service makes them: each payment's events enqueued in its transaction. */
    List<OutboxEvent> pay(int payments) {
        List<OutboxEvent> all = new ArrayList<>();
        MerchantId merchant = MerchantId.random();
        for (int i = 0; i < payments; i++) {
            PaymentId payment = PaymentId.random();
            Instant at = Instant.now();
            List<OutboxEvent> events = List.of(new OutboxEvent(EventId.random(), merchant, "payment.authorised", payment, 2, at),
                    new OutboxEvent(EventId.random(), merchant, "payment.captured", payment, 3, at));
            storage.transactor().inTransaction(() -> {
                storage.webhooks().enqueue(events);
                return null;
            });
            all.addAll(events);
        }
        return all;
    }

    /** Every record of the test's topic, from the start. */
    List<ConsumerRecord<String, byte[]>> topic() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(settings.topicOf("payment.x"), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static String eventId(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader(KafkaEventPublisher.EVENT_ID_HEADER).value(), StandardCharsets.US_ASCII);
    }

    /** Each event once, keyed by its payment, its payment's events in order, the value naming event and payment. */
    void assertEachEventOnceKeyedByPayment(List<OutboxEvent> expected) {
        List<ConsumerRecord<String, byte[]>> records = topic();
        Map<String, Long> perEvent = records.stream().collect(Collectors.groupingBy(KafkaEventsTest::eventId, Collectors.counting()));
        assertThat(perEvent.keySet()).containsExactlyInAnyOrderElementsOf(expected.stream().map(e -> e.id().value()).toList());
        assertThat(perEvent.values()).as("every event id once").containsOnly(1L);
        Map<String, OutboxEvent> byId = new HashMap<>();
        expected.forEach(e -> byId.put(e.id().value(), e));
        Map<String, List<String>> typesByPayment = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            OutboxEvent e = byId.get(eventId(r));
            assertThat(r.key()).isEqualTo(e.payment().value());
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"payment_id\":\"" + e.payment().value() + "\"")
                    .contains("\"type\":\"" + e.type() + "\"").contains("\"payment_version\":" + e.paymentVersion());
            typesByPayment.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(e.type());
        }
        // one partition per payment, read in offset order: its events in the order they were made
        assertThat(typesByPayment.values()).allSatisfy(types -> assertThat(types).containsExactly("payment.authorised", "payment.captured"));
        assertThat(outbox.unpublishedCount()).isZero();
    }

    void drain(EventRelay relay) {
        for (int round = 0; round < 100 && outbox.unpublishedCount() > 0; round++) relay.relayOnce();
    }

    @Test
    void everyPaymentEventArrivesOnceKeyedByPaymentAlsoAcrossAPublisherRestart() throws Exception {
        List<OutboxEvent> events = new ArrayList<>(pay(30));
        try (KafkaEventPublisher publisher = KafkaEventPublisher.connect(settings)) {
            drain(new EventRelay(outbox, publisher, settings.relay(), Clock.systemUTC()));
        }
        events.addAll(pay(20)); // made while no publisher runs: they wait in the outbox
        try (KafkaEventPublisher restarted = KafkaEventPublisher.connect(settings);
             EventRelay relay = new EventRelay(outbox, restarted, settings.relay(), Clock.systemUTC()).start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (outbox.unpublishedCount() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        }
        assertEachEventOnceKeyedByPayment(events);
    }

    @Test
    void aPublisherThatDiedAfterSendingIsNotRepeatedByTheNext() throws Exception {
        List<OutboxEvent> events = pay(25);
        // the first relay claims a batch and sends it, then dies before recording it published
        List<ClaimedEvent> claimed = outbox.claim("dying-relay", Instant.now(), Instant.now().plusMillis(settings.relay().claimMillis()), 20);
        assertThat(claimed).hasSize(20).noneMatch(ClaimedEvent::maybePublished);
        try (KafkaEventPublisher dying = KafkaEventPublisher.connect(settings)) {
            assertThat(dying.publish(claimed.stream().map(ClaimedEvent::event).toList())).hasSize(20);
        }
        // the next relay (another server, or this one restarted) once the claims lapsed
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMillis(settings.relay().claimMillis() + 1_000));
        try (KafkaEventPublisher next = KafkaEventPublisher.connect(settings)) {
            EventRelay relay = new EventRelay(outbox, next, settings.relay(), later);
            drain(relay);
        }
        assertEachEventOnceKeyedByPayment(events);
    }

    @Test
    void eventsWaitInTheOutboxWhileTheBrokersAreUnreachable() {
        List<OutboxEvent> events = pay(3);
        KafkaSettings nowhere = new KafkaSettings("127.0.0.1:1", settings.topicPrefix(), "openpalm-test", 1_500,
                new EventRelayConfig(20, 50, 60_000));
        try (KafkaEventPublisher publisher = KafkaEventPublisher.connect(nowhere)) {
            assertThat(new EventRelay(outbox, publisher, nowhere.relay(), Clock.systemUTC()).relayOnce()).isZero();
        }
        assertThat(outbox.unpublishedCount()).isEqualTo(6);
        // once the brokers are back (the claims lapse), every event is published, once
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2));
        try (KafkaEventPublisher publisher = KafkaEventPublisher.connect(settings)) {
            drain(new EventRelay(outbox, publisher, settings.relay(), later));
        }
        assertEachEventOnceKeyedByPayment(events);
    }

    @Test
    void topicsAreOnePerEventFamily() {
        assertThat(settings.topicOf("payment.captured")).isEqualTo(settings.topicPrefix() + "payment");
        assertThat(KafkaSettings.of("b:9092").topicOf("enrolment.completed")).isEqualTo("openpalm.enrolment");
    }
}
