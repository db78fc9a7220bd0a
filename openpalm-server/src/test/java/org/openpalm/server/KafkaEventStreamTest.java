package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.events.kafka.KafkaEventPublisher;
import org.openpalm.events.kafka.KafkaSettings;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.TestDatabase;

/**
 * {@code kafka.bootstrapServers} set: the server publishes every payment event to a real Kafka
 * cluster in process (one controller, three brokers), once per event id and keyed by the payment,
 * also across a restart of the server; the webhook outbox is unchanged beside it.
 */
class KafkaEventStreamTest {
    @TempDir
    Path dataDir;

    @Test
    void paymentEventsReachKafkaOnceKeyedByPaymentAcrossAServerRestart() throws Exception {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig database = TestDatabase.postgres(schema, 6);
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setNumControllerNodes(1).setNumBrokerNodes(3).setCombined(false).build()).build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("openpalm.payment", 3, (short) 3))).all().get();
            }
            KafkaSettings kafka = KafkaSettings.of(cluster.bootstrapServers());
            List<String> payments = new ArrayList<>();
            try (TestServer s = new TestServer(dataDir, database, c -> c.withKafka(Optional.of(kafka)))) {
                TestServer.Merchant m = s.onboard("Streaming shop");
                enrol(s, m, 7101);
                payments.add(pay(s, m, 7101, 1_250));
                payments.add(pay(s, m, 7101, 990));
                assertThat(s.post("/v1/payments/" + payments.getFirst() + "/capture", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
                awaitOutboxEmpty(s);
            }
            // the same server restarted (same database and data directory): published events are not published again
            try (TestServer s = new TestServer(dataDir, database, c -> c.withKafka(Optional.of(kafka)))) {
                TestServer.Merchant m = s.onboard("Streaming shop 2");
                enrol(s, m, 7102);
                payments.add(pay(s, m, 7102, 430));
                awaitOutboxEmpty(s);
            }

            List<ConsumerRecord<String, byte[]>> records = read(cluster.bootstrapServers(), "openpalm.payment");
            Map<String, Long> perEvent = records.stream().collect(Collectors.groupingBy(r ->
                    new String(r.headers().lastHeader(KafkaEventPublisher.EVENT_ID_HEADER).value(), StandardCharsets.US_ASCII), Collectors.counting()));
            assertThat(perEvent.values()).as("each event id once").containsOnly(1L);
            assertThat(records).extracting(ConsumerRecord::key).containsOnly(payments.toArray(String[]::new));
            Map<String, List<String>> types = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(r -> new String(r.headers().lastHeader(KafkaEventPublisher.EVENT_TYPE_HEADER).value(), StandardCharsets.US_ASCII),
                            Collectors.toList())));
            assertThat(types.get(payments.get(0))).containsExactly("payment.authorised", "payment.captured");
            assertThat(types.get(payments.get(1))).containsExactly("payment.authorised");
            assertThat(types.get(payments.get(2))).containsExactly("payment.authorised");
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }

    static void awaitOutboxEmpty(TestServer s) throws InterruptedException {
        var outbox = org.openpalm.store.JdbcStorage.eventOutbox(s.server.storage());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (outbox.unpublishedCount() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(outbox.unpublishedCount()).isZero();
    }

    static void enrol(TestServer s, TestServer.Merchant m, long n) {
        String body = "{\"phone\":\"" + PaymentsFixture.phone(n).e164() + "\",\"card_number\":\"" + PaymentsFixture.card(n).revealTo((x, e) -> null)
                + "\",\"expiry\":\"" + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\""
                + Base64.getEncoder().encodeToString(SyntheticPalms.palm(n).toPng()) + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
        TestServer.Response r = s.enrol(m.kiosk(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    static String pay(TestServer s, TestServer.Merchant m, long palm, long minor) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        TestServer.Response r = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(SyntheticPalms.capture(palm, PortalClient.freshNoise(), 1, 0).toPng()) + "\"}");
        assertThat(r.json().get("result").asText()).as(r.text()).isEqualTo("AUTHORISED");
        return id;
    }

    static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
