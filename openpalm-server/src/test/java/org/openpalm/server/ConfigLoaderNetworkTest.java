package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.server.network.NetworkLinkSettings;

/** The {@code network.*} keys: the ISO 8583 network when {@code network.port} is set, else the in-process double. */
class ConfigLoaderNetworkTest {
    @TempDir
    Path dir;

    @Test
    void withoutNetworkPortTheInProcessNetworkIsUsed() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).networkLink()).isEmpty();
    }

    @Test
    void fileKeysAndEnvironmentOverridesConfigureTheLink() throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "network.host=sim.example\nnetwork.port=9583\nnetwork.responseTimeoutMillis=2500\nnetwork.terminalId=TILL0001\n");
        NetworkLinkSettings link = ConfigLoader.load(Optional.of(file), Map.of("OPENPALM_NETWORK_PORT", "9600",
                "OPENPALM_NETWORK_ACQUIRER_ID", "4242")).networkLink().orElseThrow();
        assertThat(link.host()).isEqualTo("sim.example");
        assertThat(link.port()).isEqualTo(9600);
        assertThat(link.responseTimeoutMillis()).isEqualTo(2_500);
        assertThat(link.terminalId()).isEqualTo("TILL0001");
        assertThat(link.acquirerId()).isEqualTo("4242");
        assertThat(link.connectTimeoutMillis()).isEqualTo(NetworkLinkSettings.defaults("h", 1).connectTimeoutMillis());

        NetworkLinkSettings local = ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_NETWORK_PORT", "9583")).networkLink().orElseThrow();
        assertThat(local.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void networkKeysWithoutAPortOrWithBadValuesAreRefused() throws Exception {
        Path hostOnly = Files.writeString(dir.resolve("a.properties"), "network.host=sim.example\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(hostOnly), Map.of())).hasMessageContaining("network.port");
        Path badTerminal = Files.writeString(dir.resolve("b.properties"), "network.port=9583\nnetwork.terminalId=TOO-LONG-ID\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(badTerminal), Map.of())).hasMessageContaining("network.terminalId");
        Path badPort = Files.writeString(dir.resolve("c.properties"), "network.port=70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(badPort), Map.of())).hasMessageContaining("port");
    }
}
