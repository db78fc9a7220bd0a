package org.openpalm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.testing.SyntheticPalms;

/** The gallery on real Hazelcast members (three in this JVM on 127.0.0.1), through the PalmIdentifier port. */
class ClusteredGalleryTest {
    private final TemplateProtectionKey key = TemplateProtectionKey.generate();

    private static PalmHint hint(long seed) {
        return new PalmHint(String.format("%04d", seed % 10_000));
    }

    private static void assertIdentified(Identification found, EnrolmentId expected) {
        assertThat(found).isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(expected));
    }

    @Test
    void aPalmEnrolledThroughOneServerIsFoundThroughAnotherAtOnce() {
        try (LocalCluster cluster = LocalCluster.start(3, key, Optional.empty())) {
            for (long seed = 1; seed <= 12; seed++) {
                EnrolmentId id = EnrolmentId.random();
                cluster.identifier(0).enrol(id, List.of(SyntheticPalms.template(seed)), hint(seed));
                // No wait: the enrolment is in its partition owner's index when enrol returns.
                assertIdentified(cluster.identifier(1).identify(SyntheticPalms.captureTemplate(seed, 9), Optional.empty()), id);
                assertIdentified(cluster.identifier(2).identify(SyntheticPalms.captureTemplate(seed, 9), Optional.of(hint(seed))), id);
            }
            assertThat(cluster.identifier(2).size()).isEqualTo(12);
            assertThat(cluster.identifier(1).identify(SyntheticPalms.template(500), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        }
    }

    @Test
    void aPalmErasedThroughOneServerIsNotFoundThroughAnother() {
        try (LocalCluster cluster = LocalCluster.start(3, key, Optional.empty())) {
            List<EnrolmentId> ids = new ArrayList<>();
            for (long seed = 1; seed <= 10; seed++) {
                EnrolmentId id = EnrolmentId.random();
                ids.add(id);
                cluster.identifier(0).enrol(id, List.of(SyntheticPalms.template(seed), SyntheticPalms.captureTemplate(seed, 3)), hint(seed));
            }
            assertIdentified(cluster.identifier(1).identify(SyntheticPalms.captureTemplate(4, 9), Optional.empty()), ids.get(3));
            cluster.identifier(0).remove(ids.get(3));
            // Erased on its owner before remove returned: neither capture nor hint finds it anywhere.
            for (int member = 0; member < 3; member++) {
                assertThat(cluster.identifier(member).identify(SyntheticPalms.captureTemplate(4, 9), Optional.empty()))
                        .isInstanceOf(Identification.NotRecognised.class);
                assertThat(cluster.identifier(member).identify(SyntheticPalms.captureTemplate(4, 9), Optional.of(hint(4))))
                        .isInstanceOf(Identification.NotRecognised.class);
            }
            assertIdentified(cluster.identifier(2).identify(SyntheticPalms.captureTemplate(5, 9), Optional.empty()), ids.get(4));
            assertThat(cluster.identifier(1).size()).isEqualTo(9);
        }
    }

    /** Palms of seeds 1..n enrolled through the three members in turn; their ids in seed order. */
    private static List<EnrolmentId> enrolThroughEveryMember(LocalCluster cluster, int n) {
        List<EnrolmentId> ids = new ArrayList<>();
        for (long seed = 1; seed <= n; seed++) {
            EnrolmentId id = EnrolmentId.random();
            ids.add(id);
            cluster.identifier((int) (seed % 3)).enrol(id, List.of(SyntheticPalms.template(seed)), hint(seed));
        }
        return ids;
    }

    @Test
    void aKilledMemberLeavesTheGalleryCompleteOnTheOthers() {
        try (LocalCluster cluster = LocalCluster.start(3, key, Optional.empty())) {
            List<EnrolmentId> ids = enrolThroughEveryMember(cluster, 24);
            cluster.members.get(2).kill();
            // Searches retry while the dead member's partitions are promoted from their backups and
            // re-indexed; every answer is whole: each palm is found, none is missing.
            for (long seed = 1; seed <= 24; seed++) {
                assertIdentified(cluster.identifier((int) (seed % 2)).identify(SyntheticPalms.captureTemplate(seed, 9), Optional.empty()),
                        ids.get((int) seed - 1));
            }
            assertThat(cluster.members.getFirst().members()).isEqualTo(2);
            assertThat(cluster.identifier(0).size()).isEqualTo(24);
            // Still a majority of three: enrolment goes on.
            EnrolmentId late = EnrolmentId.random();
            cluster.identifier(1).enrol(late, List.of(SyntheticPalms.template(99)), hint(99));
            assertIdentified(cluster.identifier(0).identify(SyntheticPalms.captureTemplate(99, 9), Optional.empty()), late);
        }
    }

    @Test
    void aKilledMemberRejoiningMovesPartitionsBackWhileEverySearchAnswersWhole() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3, key, Optional.empty())) {
            List<EnrolmentId> ids = enrolThroughEveryMember(cluster, 24);
            cluster.members.get(2).kill();
            assertThat(cluster.members.getFirst().awaitComplete(30_000)).isTrue();
            // The member comes back at its address while the others search: partitions migrate to it and are
            // re-indexed there; meanwhile every search answers from the whole gallery, and right.
            Thread rejoining = Thread.ofPlatform().start(() -> cluster.restart(2));
            int searches = 0;
            for (long seed = 1; rejoining.isAlive() || searches < 48; seed = seed % 24 + 1, searches++) {
                assertIdentified(cluster.identifier((int) (seed % 2)).identify(SyntheticPalms.captureTemplate(seed, 9), Optional.empty()),
                        ids.get((int) seed - 1));
            }
            rejoining.join();
            assertThat(cluster.members.getFirst().members()).isEqualTo(3);
            for (long seed = 1; seed <= 24; seed++) {
                assertIdentified(cluster.identifier(2).identify(SyntheticPalms.captureTemplate(seed, 9), Optional.empty()), ids.get((int) seed - 1));
            }
        }
    }

    @Test
    void aMinorityRefusesToIdentifyRatherThanAnswerFromPartOfTheGallery() {
        try (LocalCluster cluster = LocalCluster.start(3, key, Optional.empty())) {
            EnrolmentId id = EnrolmentId.random();
            cluster.identifier(0).enrol(id, List.of(SyntheticPalms.template(1)), hint(1));
            cluster.members.get(1).kill();
            cluster.members.get(2).kill();
            assertThat(cluster.identifier(0).identify(SyntheticPalms.captureTemplate(1, 9), Optional.empty()))
                    .isInstanceOfSatisfying(Identification.GalleryUnavailable.class, u -> assertThat(u.reason()).contains("majority"));
            assertThatThrownBy(() -> cluster.identifier(0).enrol(EnrolmentId.random(), List.of(SyntheticPalms.template(2)), hint(2)))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void clustersInOneJvmUnderDifferentKeysDoNotShareAProbesPreparation() {
        // Members in one JVM share prepared probes; a probe prepared under one key must never
        // serve a gallery protected with another, even for the very same probe bytes.
        TemplateProtectionKey otherKey = TemplateProtectionKey.generate();
        try (LocalCluster first = LocalCluster.start(1, key, Optional.empty());
                LocalCluster second = LocalCluster.start(1, otherKey, Optional.empty())) {
            EnrolmentId inFirst = EnrolmentId.random();
            EnrolmentId inSecond = EnrolmentId.random();
            first.identifier(0).enrol(inFirst, List.of(SyntheticPalms.template(7)), hint(7));
            second.identifier(0).enrol(inSecond, List.of(SyntheticPalms.template(7)), hint(7));
            var probe = SyntheticPalms.captureTemplate(7, 9);
            for (int round = 0; round < 2; round++) {
                assertIdentified(first.identifier(0).identify(probe, Optional.empty()), inFirst);
                assertIdentified(second.identifier(0).identify(probe, Optional.empty()), inSecond);
            }
        }
    }

    @Test
    void theClusterAnswersAsOneIndexOverTheSamePalmsWould() {
        IndexedPalmIdentifier single = new IndexedPalmIdentifier(IdentifierConfig.DEFAULT, key);
        try (LocalCluster cluster = LocalCluster.start(3, key, Optional.empty())) {
            for (long seed = 1; seed <= 30; seed++) {
                EnrolmentId id = EnrolmentId.random();
                PalmHint h = new PalmHint(seed % 5 == 0 ? "1234" : String.format("%04d", seed));
                cluster.identifier((int) (seed % 3)).enrol(id, List.of(SyntheticPalms.template(seed)), h);
                single.enrol(id, List.of(SyntheticPalms.template(seed)), h);
            }
            for (long seed = 1; seed <= 40; seed += 3) {
                var probe = SyntheticPalms.captureTemplate(seed, 11);
                assertThat(cluster.identifier((int) (seed % 3)).identify(probe, Optional.empty())).isEqualTo(single.identify(probe, Optional.empty()));
                Optional<PalmHint> h = Optional.of(new PalmHint("1234"));
                assertThat(cluster.identifier(0).identify(probe, h)).isEqualTo(single.identify(probe, h));
            }
        }
    }
}
