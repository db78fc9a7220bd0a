package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.TestDatabase;

/**
 * Servers on one PostgreSQL share one key file (on shared storage): a server that made keys of its
 * own refuses to start, saying why, instead of writing palms and card tokens the others cannot read.
 */
class SharedKeysTest {
    @TempDir
    Path dir;

    @Test
    void aServerWithOtherKeysThanTheDatabaseRefusesToStartAndOneOnTheSharedKeyFileStarts() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig database = TestDatabase.postgres(schema, 4);
        Path sharedKeys = dir.resolve("shared-storage").resolve("openpalm-keys");
        try (TestServer first = new TestServer(dir.resolve("a"), database, c -> c.withKeyFile(Optional.of(sharedKeys)))) {
            first.onboard("Shared keys shop");

            assertThatThrownBy(() -> new TestServer(dir.resolve("b"), database))
                    .as("a server that made its own key file in its data directory")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refusing to start")
                    .hasMessageContaining("data key 'k1' differs from the one the database uses")
                    .hasMessageContaining("keys.file");

            try (TestServer second = new TestServer(dir.resolve("c"), database, c -> c.withKeyFile(Optional.of(sharedKeys)))) {
                assertThat(second.server.port()).isNotEqualTo(first.server.port());
            }
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }
}
