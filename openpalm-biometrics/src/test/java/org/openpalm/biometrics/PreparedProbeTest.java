package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A probe prepared once searches several indexes exactly as the template itself would. */
class PreparedProbeTest {
    private final SyntheticTemplates synth = new SyntheticTemplates(7);

    private PalmIndex filled(PalmIndex index, int from, int to) {
        for (int i = from; i < to; i++) index.put(EnrolmentId.of("p" + i), synth.enrolment(i), Hint.of(i % 3));
        return index;
    }

    @Test
    void aPreparedProbeFindsWhatTheTemplateFindsInEveryIndexAlike() {
        TemplateProtectionKey key = TemplateProtectionKey.generate();
        List<PalmIndex> parts = List.of(filled(new PalmIndex(IndexConfig.DEFAULT, key), 0, 150),
                filled(new PalmIndex(IndexConfig.DEFAULT, key), 150, 300));
        PalmTemplate probe = synth.capture(200, 5);
        PalmIndex.PreparedProbe prepared = parts.getFirst().prepare(probe);
        for (PalmIndex part : parts) {
            assertThat(part.identify(prepared, 5)).isEqualTo(part.identify(probe, 5));
            assertThat(part.identify(prepared, 5, Hint.of(200 % 3))).isEqualTo(part.identify(probe, 5, Hint.of(200 % 3)));
        }
        assertThat(parts.get(1).identify(prepared, 1).decision())
                .isInstanceOfSatisfying(Decision.Match.class, m -> assertThat(m.candidate().id()).isEqualTo(EnrolmentId.of("p200")));
    }

    @Test
    void severalIndexesSearchedTogetherAnswerAsOneIndexOverAllTheirPalms() {
        TemplateProtectionKey key = TemplateProtectionKey.generate();
        PalmIndex whole = filled(new PalmIndex(IndexConfig.DEFAULT, key), 0, 600);
        List<PalmIndex> parts = List.of(filled(new PalmIndex(IndexConfig.DEFAULT, key), 0, 100),
                filled(new PalmIndex(IndexConfig.DEFAULT, key), 100, 350), filled(new PalmIndex(IndexConfig.DEFAULT, key), 350, 600),
                new PalmIndex(IndexConfig.DEFAULT, key));
        for (long identity : new long[] {5, 120, 349, 599, 5_000}) {
            PalmTemplate probe = identity < 600 ? synth.capture(identity, 3) : synth.enrolment(identity);
            Identification one = whole.identify(probe, 5);
            Identification together = PalmIndex.identifyAll(parts, parts.getFirst().prepare(probe), 5, java.util.Optional.empty());
            assertThat(together.decision()).isEqualTo(one.decision());
            assertThat(together.searchedPalms()).isEqualTo(600);
            assertThat(together.thresholdScore()).isEqualTo(one.thresholdScore());
            assertThat(together.candidates().getFirst()).isEqualTo(one.candidates().getFirst());
            Hint hint = Hint.of((int) (identity % 3));
            Identification oneHinted = whole.identify(probe, 5, hint);
            Identification togetherHinted = PalmIndex.identifyAll(parts, parts.getFirst().prepare(probe), 5, java.util.Optional.of(hint));
            assertThat(togetherHinted.decision()).isEqualTo(oneHinted.decision());
            assertThat(togetherHinted.searchedPalms()).isEqualTo(oneHinted.searchedPalms());
        }
    }

    @Test
    void aGallerySplitOverManyIndexesLargeEnoughToBeScannedInParallelAnswersAsOneIndex() {
        // As a cluster member holds it: ~90 partitions, palms spread over them, some erased, some
        // partitions empty; more than 65,536 palms, so the coarse scan is split between tasks.
        PalmIndex whole = new PalmIndex(IndexConfig.DEFAULT);
        List<PalmIndex> parts = java.util.stream.Stream.generate(() -> new PalmIndex(IndexConfig.DEFAULT)).limit(90).toList();
        int palms = 70_000;
        for (int i = 0; i < palms; i++) {
            PalmTemplate t = synth.enrolment(i);
            Hint h = Hint.of(i % 7);
            whole.put(EnrolmentId.of("p" + i), t, h);
            parts.get((int) ((i * 7919L) % 88)).put(EnrolmentId.of("p" + i), t, h); // the last two stay empty
        }
        for (int i = 0; i < palms; i += 97) {
            whole.remove(EnrolmentId.of("p" + i));
            parts.get((int) ((i * 7919L) % 88)).remove(EnrolmentId.of("p" + i));
        }
        for (long identity : new long[] {3, 31_337, 69_999, 97, 1_000_000, 1_000_001}) {
            PalmTemplate probe = identity < palms ? synth.capture(identity, 4) : synth.enrolment(identity);
            PalmIndex.PreparedProbe prepared = parts.getFirst().prepare(probe);
            Identification one = whole.identify(probe, 5);
            Identification together = PalmIndex.identifyAll(parts, prepared, 5, java.util.Optional.empty());
            assertThat(together.decision()).isEqualTo(one.decision());
            assertThat(together.searchedPalms()).isEqualTo(one.searchedPalms());
            assertThat(together.thresholdScore()).isEqualTo(one.thresholdScore());
            assertThat(together.candidates().getFirst()).isEqualTo(one.candidates().getFirst());
            if (identity < palms && identity % 97 != 0) {
                assertThat(together.decision()).isInstanceOfSatisfying(Decision.Match.class,
                        m -> assertThat(m.candidate().id()).isEqualTo(EnrolmentId.of("p" + identity)));
            } else {
                assertThat(together.decision()).isInstanceOf(Decision.NoMatch.class); // impostors, and an erased palm
            }
            Hint hint = Hint.of((int) (identity % 7));
            Identification oneHinted = whole.identify(probe, 5, hint);
            Identification togetherHinted = PalmIndex.identifyAll(parts, prepared, 5, java.util.Optional.of(hint));
            assertThat(togetherHinted.decision()).isEqualTo(oneHinted.decision());
            assertThat(togetherHinted.searchedPalms()).isEqualTo(oneHinted.searchedPalms());
            Identification otherHint = PalmIndex.identifyAll(parts, prepared, 5, java.util.Optional.of(Hint.of((int) (identity % 7 + 1))));
            assertThat(otherHint.candidates()).noneMatch(c -> c.id().equals(EnrolmentId.of("p" + identity)));
        }
    }

    @Test
    void aProbePreparedUnderAnotherKeyOrConfigurationIsRefused() {
        PalmIndex protectedIndex = new PalmIndex(IndexConfig.DEFAULT, TemplateProtectionKey.generate());
        PalmIndex other = new PalmIndex(IndexConfig.DEFAULT, TemplateProtectionKey.generate());
        PalmIndex.PreparedProbe prepared = protectedIndex.prepare(synth.capture(1, 1));
        assertThatThrownBy(() -> other.identify(prepared, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PalmIndex().identify(prepared, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PalmIndex(IndexConfig.DEFAULT.withFineCandidates(8)).identify(new PalmIndex().prepare(synth.capture(1, 1)), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
