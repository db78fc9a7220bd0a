package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PalmIndexTest {
    private final SyntheticTemplates synth = new SyntheticTemplates(7);

    private PalmIndex indexOf(int n) {
        PalmIndex index = new PalmIndex();
        for (int i = 0; i < n; i++) index.put(EnrolmentId.of("p" + i), synth.enrolment(i), Hint.of(i % 10));
        return index;
    }

    @Test
    void findsTheEnrolledIdentityOfAGenuineCapture() {
        PalmIndex index = indexOf(3000);
        Identification r = index.identify(synth.capture(1234, 5), 3);
        assertThat(r.candidates()).hasSize(3);
        assertThat(r.candidates().getFirst().id()).isEqualTo(EnrolmentId.of("p1234"));
        assertThat(r.decision()).isEqualTo(new Decision.Match(r.candidates().getFirst()));
        assertThat(r.searchedPalms()).isEqualTo(3000);
        assertThat(r.thresholdScore()).isEqualTo(ScoreScale.thresholdForIdentification(IndexConfig.DEFAULT.targetFpir(), 3000));
    }

    @Test
    void anUnenrolledPalmIsNoMatch() {
        PalmIndex index = indexOf(3000);
        Identification r = index.identify(synth.enrolment(99_999), 1);
        assertThat(r.decision()).isEqualTo(new Decision.NoMatch());
    }

    @Test
    void theHintRestrictsTheSearchToItsSubGallery() {
        PalmIndex index = indexOf(3000);
        Identification right = index.identify(synth.capture(1234, 5), 5, Hint.of(4));
        assertThat(right.searchedPalms()).isEqualTo(300);
        assertThat(right.candidates()).allSatisfy(c -> assertThat(Integer.parseInt(c.id().value().substring(1)) % 10).isEqualTo(4));
        assertThat(right.candidates().getFirst().id()).isEqualTo(EnrolmentId.of("p1234"));
        Identification wrong = index.identify(synth.capture(1234, 5), 5, Hint.of(3));
        assertThat(wrong.candidates()).noneMatch(c -> c.id().equals(EnrolmentId.of("p1234")));
        assertThat(wrong.decision()).isEqualTo(new Decision.NoMatch());
        assertThat(index.identify(synth.capture(1234, 5), 5, Hint.of(11)).candidates()).isEmpty();
    }

    @Test
    void replaceAndRemoveTakeEffectImmediately() {
        PalmIndex index = indexOf(500);
        EnrolmentId id = EnrolmentId.of("p7");
        index.put(id, synth.enrolment(777_777));
        assertThat(index.size()).isEqualTo(500);
        assertThat(index.identify(synth.capture(777_777, 1), 1).candidates().getFirst().id()).isEqualTo(id);
        assertThat(index.identify(synth.capture(7, 1), 1).decision()).isEqualTo(new Decision.NoMatch());
        assertThat(index.remove(id)).isTrue();
        assertThat(index.remove(id)).isFalse();
        assertThat(index.contains(id)).isFalse();
        assertThat(index.size()).isEqualTo(499);
        assertThat(index.identify(synth.capture(777_777, 1), 1).candidates().getFirst().id()).isNotEqualTo(id);
        index.put(EnrolmentId.of("again"), synth.enrolment(777_777)); // reuses the freed slot
        assertThat(index.identify(synth.capture(777_777, 1), 1).candidates().getFirst().id().value()).isEqualTo("again");
    }

    @Test
    void twoEnrolmentsOfOnePalmAreUndecided() {
        PalmIndex index = indexOf(500);
        index.put(EnrolmentId.of("twin"), synth.enrolment(42));
        Identification r = index.identify(synth.enrolment(42), 2);
        assertThat(r.decision()).isInstanceOf(Decision.Undecided.class);
        String outcome = switch (r.decision()) {
            case Decision.Match m -> "match";
            case Decision.NoMatch n -> "none";
            case Decision.Undecided u -> u.first().id() + "|" + u.second().id();
        };
        assertThat(outcome).contains("twin").contains("p42");
    }

    @Test
    void emptyIndexAndBadArguments() {
        PalmIndex index = new PalmIndex();
        Identification r = index.identify(synth.enrolment(1), 3);
        assertThat(r.candidates()).isEmpty();
        assertThat(r.decision()).isEqualTo(new Decision.NoMatch());
        assertThatThrownBy(() -> index.identify(synth.enrolment(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnrolmentId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnrolmentId.of("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hint.of(70_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slabsStayUnderOneKibibytePerPalm() {
        PalmIndex index = indexOf(16_384);
        assertThat((double) index.slabBytes() / index.size()).isLessThanOrEqualTo(1024);
    }

    @Test
    void identificationIsConsistentWhileTheGalleryChanges() throws Exception {
        PalmIndex index = indexOf(2000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 500; i++) index.put(EnrolmentId.of("extra" + i), synth.enrolment(10_000 + i));
                    for (int i = 0; i < 500; i++) index.remove(EnrolmentId.of("extra" + i));
                }
            });
            List<Future<Boolean>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int offset = t;
                readers.add(pool.submit(() -> {
                    for (int q = 0; q < 60; q++) {
                        int who = (q * 37 + offset) % 2000;
                        Identification r = index.identify(synth.capture(who, 3), 1);
                        if (!r.candidates().getFirst().id().equals(EnrolmentId.of("p" + who))) return false;
                    }
                    return true;
                }));
            }
            writer.get();
            for (Future<Boolean> reader : readers) assertThat(reader.get()).isTrue();
            assertThat(index.size()).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }
    }
}
