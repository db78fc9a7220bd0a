package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load bounds and the key-encrypting key through ConfigLoader: defaults, file keys, environment, refusals. */
class LoadConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadBoundsHaveDefaultsAndComeFromTheFileOrTheEnvironment() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).load()).isEqualTo(LoadConfig.DEFAULT);
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "load.maxConcurrentImageDecodes=3\nload.imageDecodePermitWaitMillis=500\nload.retryAfterSeconds=4\n"
                + "terminal.rateLimitRequestsPerMinute=120\nterminal.rateLimitBurstRequests=20\n");
        assertThat(ConfigLoader.load(Optional.of(file), Map.of()).load()).isEqualTo(new LoadConfig(3, 500, 120, 20, 4));
        assertThat(ConfigLoader.load(Optional.of(file), Map.of("OPENPALM_TERMINAL_RATE_LIMIT_REQUESTS_PER_MINUTE", "30")).load()
                .terminalRateLimitRequestsPerMinute()).isEqualTo(30);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_LOAD_MAX_CONCURRENT_IMAGE_DECODES", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrentImageDecodes");
    }

    @Test
    void theKeyEncryptionKeyComesFromTheEnvironmentOnly() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).keyEncryption()).isEmpty();
        ServerConfig wrapped = ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_KEK", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        assertThat(wrapped.keyEncryption()).isPresent();
        assertThat(wrapped.toString()).contains("wrapped by kek-").doesNotContain("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "kek=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of())).hasMessageContaining("unknown key");
    }
}
