package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.cluster.ClusterConfig;

/** cluster.* through ConfigLoader: no members, no cluster; the file or the environment; bad lists refused. */
class ClusterConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void withoutMembersThereIsNoClusterAndTheServerConfigIsUnchanged() throws Exception {
        assertThat(ConfigLoader.cluster(Optional.empty(), Map.of())).isEmpty();
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "cluster.members=127.0.0.1:5801, 127.0.0.1:5802,127.0.0.1:5803\ncluster.port=5802\ncluster.name=shop\n");
        // The cluster keys are known to the server configuration, which they leave as it is.
        ServerConfig withCluster = ConfigLoader.load(Optional.of(file), Map.of());
        ServerConfig without = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(withCluster.http()).isEqualTo(without.http());
        assertThat(withCluster.identifier()).isEqualTo(without.identifier());
        assertThat(withCluster.database()).isEqualTo(without.database());
    }

    @Test
    void membersComeFromTheFileOrTheEnvironment() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "cluster.members=127.0.0.1:5801, 127.0.0.1:5802,127.0.0.1:5803\ncluster.port=5802\ncluster.name=shop\n");
        ClusterConfig c = ConfigLoader.cluster(Optional.of(file), Map.of()).orElseThrow();
        assertThat(c.members()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802", "127.0.0.1:5803");
        assertThat(c.port()).isEqualTo(5802);
        assertThat(c.clusterName()).isEqualTo("shop");
        assertThat(c.majority()).isEqualTo(2);
        ClusterConfig fromEnv = ConfigLoader.cluster(Optional.empty(), Map.of("OPENPALM_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702",
                "OPENPALM_CLUSTER_PARTITION_COUNT", "71")).orElseThrow();
        assertThat(fromEnv.members()).isEqualTo(List.of("127.0.0.1:5701", "127.0.0.1:5702"));
        assertThat(fromEnv.port()).isEqualTo(5701);
        assertThat(fromEnv.partitionCount()).isEqualTo(71);
    }

    @Test
    void aMemberListWithoutThisMemberOrWithoutPortsIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.cluster(Optional.empty(), Map.of("OPENPALM_CLUSTER_MEMBERS", "127.0.0.1:5801,127.0.0.1:5802")))
                .hasMessageContaining("must include this member");
        assertThatThrownBy(() -> ConfigLoader.cluster(Optional.empty(), Map.of("OPENPALM_CLUSTER_MEMBERS", "127.0.0.1,127.0.0.1:5701")))
                .hasMessageContaining("host:port");
    }
}
