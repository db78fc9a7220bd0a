package org.openpalm.payments.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.testing.SyntheticPalms;

class IndexedPalmIdentifierTest {
    private final IndexedPalmIdentifier identifier = new IndexedPalmIdentifier(IdentifierConfig.DEFAULT);

    private void crowd() {
        for (long s = 2; s < 20; s++) identifier.enrol(EnrolmentId.random(), List.of(SyntheticPalms.template(s)), new PalmHint("2222"));
    }

    @Test
    void identifiesAnotherCaptureOfAnEnrolledPalm() {
        EnrolmentId a = EnrolmentId.random();
        identifier.enrol(a, List.of(SyntheticPalms.template(1)), new PalmHint("1111"));
        crowd();
        assertThat(identifier.identify(SyntheticPalms.captureTemplate(1, 9), Optional.empty()))
                .isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(a));
        assertThat(identifier.identify(SyntheticPalms.captureTemplate(1, 9), Optional.of(new PalmHint("1111"))))
                .isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(a));
    }

    @Test
    void severalCapturesOfOneHandAreOneCandidate() {
        EnrolmentId a = EnrolmentId.random();
        identifier.enrol(a, List.of(SyntheticPalms.template(1), SyntheticPalms.captureTemplate(1, 3), SyntheticPalms.captureTemplate(1, 4)),
                new PalmHint("1111"));
        crowd();
        assertThat(identifier.identify(SyntheticPalms.captureTemplate(1, 9), Optional.empty()))
                .isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(a));
        assertThat(identifier.size()).isEqualTo(19);
        assertThat(identifier.templateCount()).isEqualTo(21);
    }

    @Test
    void aPalmNotEnrolledIsNotRecognised() {
        crowd();
        assertThat(identifier.identify(SyntheticPalms.template(500), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        assertThat(identifier.identify(SyntheticPalms.template(500), Optional.of(new PalmHint("2222")))).isInstanceOf(Identification.NotRecognised.class);
    }

    @Test
    void twoLookalikePalmsNeedTheHintAndTheHintSearchesOnlyItsOwnPalms() {
        EnrolmentId a = EnrolmentId.random();
        EnrolmentId b = EnrolmentId.random();
        identifier.enrol(a, List.of(SyntheticPalms.template(1)), new PalmHint("1111"));
        identifier.enrol(b, List.of(SyntheticPalms.template(51)), new PalmHint("5151"));
        PalmTemplate probe = PalmTemplate.fromRoi(SyntheticPalms.lookalike(1, 51));

        assertThat(identifier.identify(probe, Optional.empty()))
                .isInstanceOfSatisfying(Identification.HintNeeded.class, h -> assertThat(h.candidates()).isEqualTo(2));
        assertThat(identifier.identify(probe, Optional.of(new PalmHint("5151"))))
                .isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(b));
        assertThat(identifier.identify(probe, Optional.of(new PalmHint("1111"))))
                .isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(a));
        assertThat(identifier.identify(probe, Optional.of(new PalmHint("0000")))).isInstanceOf(Identification.NotRecognised.class);
    }

    @Test
    void removedPalmsAreNoLongerFound() {
        EnrolmentId a = EnrolmentId.random();
        identifier.enrol(a, List.of(SyntheticPalms.template(1), SyntheticPalms.captureTemplate(1, 3)), new PalmHint("1111"));
        identifier.remove(a);
        assertThat(identifier.identify(SyntheticPalms.template(1), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        assertThat(identifier.size()).isZero();
        assertThat(identifier.templateCount()).isZero();
    }

    @Test
    void enrollingAgainReplacesTheTemplates() {
        EnrolmentId a = EnrolmentId.random();
        identifier.enrol(a, List.of(SyntheticPalms.template(1), SyntheticPalms.captureTemplate(1, 3)), new PalmHint("1111"));
        identifier.enrol(a, List.of(SyntheticPalms.template(7)), new PalmHint("1111"));
        assertThat(identifier.templateCount()).isEqualTo(1);
        assertThat(identifier.identify(SyntheticPalms.captureTemplate(1, 9), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        assertThat(identifier.identify(SyntheticPalms.captureTemplate(7, 9), Optional.empty())).isInstanceOf(Identification.Identified.class);
    }

    @Test
    void aProtectedIndexIdentifiesExactlyAsAPlainOne() {
        IndexedPalmIdentifier protectedIdentifier = new IndexedPalmIdentifier(IdentifierConfig.DEFAULT,
                org.openpalm.biometrics.TemplateProtectionKey.generate());
        for (long s = 1; s < 40; s++) {
            EnrolmentId id = EnrolmentId.random();
            PalmHint hint = new PalmHint(s % 2 == 0 ? "2222" : "1111");
            identifier.enrol(id, List.of(SyntheticPalms.template(s)), hint);
            protectedIdentifier.enrol(id, List.of(SyntheticPalms.template(s)), hint);
        }
        for (long s : new long[] {1, 7, 38, 999}) {
            PalmTemplate probe = SyntheticPalms.captureTemplate(s, 5);
            assertThat(protectedIdentifier.identify(probe, Optional.empty())).isEqualTo(identifier.identify(probe, Optional.empty()));
            assertThat(protectedIdentifier.identify(probe, Optional.of(new PalmHint("1111"))))
                    .isEqualTo(identifier.identify(probe, Optional.of(new PalmHint("1111"))));
        }
        assertThat(protectedIdentifier.identify(SyntheticPalms.captureTemplate(7, 5), Optional.empty()))
                .isInstanceOf(Identification.Identified.class);
    }
}
