package org.openpalm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.testing.FreePorts;
import org.openpalm.payments.testing.SyntheticPalms;

/**
 * A server whose template protection key is not the cluster's refuses to join it, naming both
 * keys by id and fingerprint (never the keys), and the cluster goes on undisturbed; a server with
 * the cluster's key then joins. Real Hazelcast members in this JVM on 127.0.0.1.
 */
class ClusterKeyCheckTest {
    private final TemplateProtectionKey clusterKey = TemplateProtectionKey.generate();
    private final TemplateProtectionKey otherKey = TemplateProtectionKey.generate();
    private final int base = FreePorts.consecutive(3);
    private final List<String> addresses = List.of("127.0.0.1:" + base, "127.0.0.1:" + (base + 1), "127.0.0.1:" + (base + 2));
    private final String name = "keys-" + UUID.randomUUID();

    private PalmCluster member(int i, TemplateProtectionKey key) {
        ClusterConfig config = new ClusterConfig(name, "127.0.0.1", base + i, addresses, 71, 2, 3_000, 200, 100, 60_000, 1_000, 3_000);
        return PalmCluster.join(config, IndexedPalmIdentifier.indexConfig(IdentifierConfig.DEFAULT), key, Optional.empty());
    }

    @Test
    void aServerWithAnotherTemplateKeyRefusesToJoinSayingWhyAndOneWithTheClustersKeyJoins() throws InterruptedException {
        List<PalmCluster> members = new ArrayList<>();
        try {
            // Two of the three configured members: a majority, started together as servers are.
            java.util.concurrent.Executor threads = task -> Thread.ofPlatform().daemon().start(task);
            CompletableFuture<PalmCluster> a = CompletableFuture.supplyAsync(() -> member(0, clusterKey), threads);
            CompletableFuture<PalmCluster> b = CompletableFuture.supplyAsync(() -> member(1, clusterKey), threads);
            members.add(a.join());
            members.add(b.join());
            assertThat(members.getFirst().awaitComplete(60_000)).isTrue();
            ClusteredPalmIdentifier first = new ClusteredPalmIdentifier(IdentifierConfig.DEFAULT, members.get(0));
            List<EnrolmentId> ids = new ArrayList<>();
            for (long seed = 1; seed <= 8; seed++) {
                EnrolmentId id = EnrolmentId.random();
                ids.add(id);
                first.enrol(id, List.of(SyntheticPalms.template(seed)), new PalmHint(String.format("%04d", seed)));
            }

            String mine = PalmCluster.fingerprint(otherKey).substring(0, 12);
            String theirs = PalmCluster.fingerprint(clusterKey).substring(0, 12);
            assertThatThrownBy(() -> member(2, otherKey))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refusing to join the cluster '" + name + "'")
                    .hasMessageContaining("template protection key '" + otherKey.id() + "' (fingerprint " + mine)
                    .hasMessageContaining("template protection key '" + clusterKey.id() + "' (fingerprint " + theirs)
                    .hasMessageContaining("keys.file")
                    .satisfies(e -> {
                        for (TemplateProtectionKey k : List.of(clusterKey, otherKey)) {
                            assertThat(e.getMessage()).doesNotContainIgnoringCase(HexFormat.of().formatHex(k.toBytes()))
                                    .doesNotContain(Base64.getEncoder().encodeToString(k.toBytes()));
                        }
                    });

            // The refused server took no share: the cluster is the two members, every palm found whole.
            // (the others hear of its leaving a moment after it left)
            long until = System.nanoTime() + 10_000_000_000L;
            while (members.get(1).members() != 2 && System.nanoTime() < until) Thread.sleep(20);
            assertThat(members.get(1).members()).isEqualTo(2);
            ClusteredPalmIdentifier second = new ClusteredPalmIdentifier(IdentifierConfig.DEFAULT, members.get(1));
            for (int i = 0; i < ids.size(); i++) {
                assertIdentified(second.identify(SyntheticPalms.captureTemplate(i + 1, 9), Optional.empty()), ids.get(i));
            }

            // The same address with the cluster's key joins and searches the whole gallery.
            members.add(member(2, clusterKey));
            assertThat(members.get(2).members()).isEqualTo(3);
            ClusteredPalmIdentifier third = new ClusteredPalmIdentifier(IdentifierConfig.DEFAULT, members.get(2));
            for (int i = 0; i < ids.size(); i++) {
                assertIdentified(third.identify(SyntheticPalms.captureTemplate(i + 1, 10), Optional.empty()), ids.get(i));
            }
        } finally {
            members.forEach(PalmCluster::kill);
        }
    }

    private static void assertIdentified(Identification found, EnrolmentId expected) {
        assertThat(found).isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(expected));
    }
}
