package org.openpalm.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import com.hazelcast.map.MapLoader;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.testing.FreePorts;

/**
 * Real Hazelcast members in this JVM on 127.0.0.1 (free ports chosen at random, a cluster name
 * of their own), started together as servers of one deployment would be.
 */
final class LocalCluster implements AutoCloseable {
    final List<PalmCluster> members = new ArrayList<>();
    final List<ClusteredPalmIdentifier> identifiers = new ArrayList<>();
    private final List<ClusterConfig> configs = new ArrayList<>();
    private TemplateProtectionKey key;
    private Optional<MapLoader<String, byte[]>> loader = Optional.empty();

    static LocalCluster start(int n, TemplateProtectionKey key, Optional<MapLoader<String, byte[]>> loader) {
        int base = FreePorts.consecutive(n);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < n; i++) addresses.add("127.0.0.1:" + (base + i));
        String name = "test-" + UUID.randomUUID();
        LocalCluster cluster = new LocalCluster();
        cluster.key = key;
        cluster.loader = loader;
        List<CompletableFuture<PalmCluster>> starting = new ArrayList<>();
        // A thread each: a member waits for a majority before it returns (the common pool may have one worker).
        java.util.concurrent.Executor threads = task -> Thread.ofPlatform().daemon().start(task);
        for (int i = 0; i < n; i++) {
            // Fast failure detection and many short retries: a killed member is noticed within seconds.
            ClusterConfig config = new ClusterConfig(name, "127.0.0.1", base + i, addresses, 71, 2, 3_000, 200, 100, 60_000, 1_000, 3_000);
            cluster.configs.add(config);
            starting.add(CompletableFuture.supplyAsync(() -> PalmCluster.join(config,
                    IndexedPalmIdentifier.indexConfig(IdentifierConfig.DEFAULT), key, loader), threads));
        }
        for (CompletableFuture<PalmCluster> f : starting) {
            PalmCluster member = f.join();
            cluster.members.add(member);
            cluster.identifiers.add(new ClusteredPalmIdentifier(IdentifierConfig.DEFAULT, member));
        }
        if (!cluster.members.getFirst().awaitComplete(60_000)) throw new IllegalStateException("the gallery never became searchable whole");
        return cluster;
    }

    /** Starts member {@code i} again at its address (after it was killed): it joins the others, partitions migrate to it. */
    void restart(int i) {
        PalmCluster member = PalmCluster.join(configs.get(i), IndexedPalmIdentifier.indexConfig(IdentifierConfig.DEFAULT), key, loader);
        members.set(i, member);
        identifiers.set(i, new ClusteredPalmIdentifier(IdentifierConfig.DEFAULT, member));
    }

    ClusteredPalmIdentifier identifier(int member) {
        return identifiers.get(member);
    }

    @Override
    public void close() {
        for (PalmCluster m : members) {
            try {
                m.kill();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
