package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.events.kafka.KafkaSettings;
import org.openpalm.payments.events.EventRelayConfig;

/** The event stream through ConfigLoader: none unless {@code kafka.bootstrapServers} is set; file keys, environment, refusals. */
class EventStreamConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void withoutBootstrapServersThereIsNoEventStream() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).kafka()).isEmpty();
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_KAFKA_BOOTSTRAP_SERVERS", " ")).kafka()).isEmpty();
    }

    @Test
    void kafkaSettingsComeFromTheFileOrTheEnvironment() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "kafka.bootstrapServers=k1:9092,k2:9092\nkafka.topicPrefix=shop.\nkafka.clientId=till-7\n"
                + "kafka.deliveryTimeoutMillis=20000\nkafka.pollIntervalMillis=50\nkafka.batchSize=100\n");
        assertThat(ConfigLoader.load(Optional.of(file), Map.of()).kafka()).contains(new KafkaSettings("k1:9092,k2:9092", "shop.", "till-7", 20_000,
                new EventRelayConfig(50, 100, EventRelayConfig.DEFAULT.claimMillis())));
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_KAFKA_BOOTSTRAP_SERVERS", "broker:9092")).kafka())
                .contains(KafkaSettings.of("broker:9092"));
        assertThat(KafkaSettings.of("broker:9092").topicOf("payment.refunded")).isEqualTo("openpalm.payment");
    }

    @Test
    void aDeliveryTimeoutBeyondTheClaimIsRefused() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "kafka.bootstrapServers=k1:9092\nkafka.deliveryTimeoutMillis=600000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.deliveryTimeoutMillis");
        Files.writeString(file, "kafka.bootstrapServers=k1:9092\nkafka.topicPrefix=bad prefix\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of())).hasMessageContaining("kafka.topicPrefix");
    }
}
