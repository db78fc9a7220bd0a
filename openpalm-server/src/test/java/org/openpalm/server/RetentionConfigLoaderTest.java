package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theRetentionScheduleIsTwoYearsByDefaultConfigurableAndNeverAboveThreeYears() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).retention().palmDataRetentionDays()).isEqualTo(730);
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "retention.palmDataRetentionDays=400\nretention.jobIntervalHours=12\n");
        ServerConfig config = ConfigLoader.load(Optional.of(file), Map.of());
        assertThat(config.retention().palmDataRetentionDays()).isEqualTo(400);
        assertThat(config.retention().jobIntervalHours()).isEqualTo(12);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_RETENTION_PALM_DATA_RETENTION_DAYS", "1096")).retention()
                .palmDataRetentionDays()).isEqualTo(1096);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_RETENTION_PALM_DATA_RETENTION_DAYS", "1200")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("three years");
    }
}
