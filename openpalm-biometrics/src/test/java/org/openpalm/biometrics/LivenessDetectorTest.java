package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Liveness on generated dual-band palms: fitted on some palms, judged on others. */
class LivenessDetectorTest {
    private static final LivenessDetector CUES = new LivenessDetector();
    private static final SyntheticPalms PALMS = SyntheticPalms.withSeed(11);
    private static final SyntheticPalms VEINS = SyntheticPalms.withSeed(12);

    private static BandPair live(int palm, int sample) {
        PalmImage visible = PALMS.capture(palm, 1 + sample % 2, sample);
        return BandPair.dualBand(visible, SyntheticDualBand.nearInfrared(visible, VEINS.capture(palm, 1, 1), palm * 100L + sample));
    }

    /** Models fitted on palms 0-5, 3 captures each, at BPCER 0.01 on those. */
    private static LivenessDetector fittedOnFirstPalms() {
        List<LivenessCues> dual = new ArrayList<>(), single = new ArrayList<>();
        for (int palm = 0; palm < 6; palm++) {
            for (int s = 1; s <= 3; s++) {
                BandPair p = live(palm, s);
                dual.add(CUES.dualBandCues(p.visible(), p.nearInfrared().orElseThrow()));
                single.add(CUES.singleCameraCues(p.visible()));
            }
        }
        // 2 sigmas of margin over the highest live score: a one-class fit on 18 captures is tight
        LivenessModel dualModel = LivenessModel.fit(dual, 0.0);
        LivenessModel singleModel = LivenessModel.fit(single, 0.0);
        return new LivenessDetector(LivenessConfig.DEFAULT.withModels(
                dualModel.withThreshold(dualModel.thresholdSigmas() + 2), singleModel.withThreshold(singleModel.thresholdSigmas() + 2)));
    }

    @Test
    void everyAttackKindOnOtherPalmsIsRefusedWithBothBandsAndLivePalmsPass() {
        LivenessDetector detector = fittedOnFirstPalms();
        SimulatedAttacks attacks = new SimulatedAttacks();
        for (int palm = 6; palm < 10; palm++) {
            for (int s = 1; s <= 2; s++) {
                BandPair bonaFide = live(palm, s);
                assertThat(detector.judge(bonaFide)).as("live palm %d sample %d", palm, s).isInstanceOf(LivenessVerdict.Live.class);
                for (AttackKind kind : AttackKind.values()) {
                    BandPair attack = attacks.attack(kind, bonaFide, palm * 10L + s);
                    LivenessVerdict verdict = detector.judge(attack);
                    assertThat(verdict).as("%s of palm %d", kind, palm).isInstanceOf(LivenessVerdict.PresentationAttack.class);
                    assertThat(verdict.dualBand()).isTrue();
                }
            }
        }
    }

    @Test
    void aScreenIsCaughtByItsDarkNearInfraredFrameAndAPrintByTheAgreementOfItsBands() {
        LivenessDetector detector = fittedOnFirstPalms();
        SimulatedAttacks attacks = new SimulatedAttacks();
        BandPair bonaFide = live(8, 1);
        assertThat(detector.judge(attacks.attack(AttackKind.SCREEN, bonaFide, 1)))
                .isInstanceOfSatisfying(LivenessVerdict.PresentationAttack.class, a -> assertThat(a.strongestCue()).isEqualTo("nir_darkness"));
        // a print is refused on the agreement of its bands alone, whatever its brightness at 940 nm
        BandPair print = attacks.attack(AttackKind.PRINT, bonaFide, 1);
        LivenessModel model = detector.config().dualBand();
        LivenessModel.CueScale agreement = model.cues().get(model.names().indexOf("band_agreement"));
        double printAgreement = valueOf(detector.dualBandCues(print.visible(), print.nearInfrared().orElseThrow()), "band_agreement");
        double liveAgreement = valueOf(detector.dualBandCues(bonaFide.visible(), bonaFide.nearInfrared().orElseThrow()), "band_agreement");
        assertThat((printAgreement - agreement.liveMean()) / agreement.liveSpread()).isGreaterThanOrEqualTo(model.thresholdSigmas());
        assertThat(liveAgreement).isLessThan(printAgreement);
    }

    private static double valueOf(LivenessCues cues, String name) {
        return cues.cues().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void singleCameraSeesHalftoneAndPixelGridAndPassesLivePalms() {
        LivenessDetector detector = fittedOnFirstPalms();
        SimulatedAttacks attacks = new SimulatedAttacks();
        for (int palm = 6; palm < 10; palm++) {
            BandPair bonaFide = BandPair.singleCamera(live(palm, 1).visible());
            assertThat(detector.judge(bonaFide)).isInstanceOfSatisfying(LivenessVerdict.Live.class, l -> assertThat(l.dualBand()).isFalse());
            for (AttackKind kind : List.of(AttackKind.PRINT, AttackKind.SCREEN)) {
                BandPair attack = attacks.attack(kind, bonaFide, palm);
                assertThat(attack.nearInfrared()).isEmpty();
                assertThat(detector.judge(attack)).as("%s of palm %d", kind, palm).isInstanceOf(LivenessVerdict.PresentationAttack.class);
            }
        }
    }

    @Test
    void printedAttacksStillMatchTheVictimSoLivenessIsWhatStopsThem() {
        SimulatedAttacks attacks = new SimulatedAttacks();
        BandPair bonaFide = live(3, 1);
        PalmTemplate victim = PalmTemplate.fromRoi(live(3, 2).visible());
        PalmTemplate other = PalmTemplate.fromRoi(live(4, 2).visible());
        PalmMatcher print = new PalmMatcher(PalmTemplate.fromRoi(attacks.attack(AttackKind.PRINT, bonaFide, 5).visible()));
        assertThat(print.match(victim)).isGreaterThan(print.match(other));
    }

    @Test
    void nirPrintNeedsTheNearInfraredImage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SimulatedAttacks()
                        .attack(AttackKind.NIR_PRINT, BandPair.singleCamera(live(1, 1).visible()), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("near-infrared");
    }
}
