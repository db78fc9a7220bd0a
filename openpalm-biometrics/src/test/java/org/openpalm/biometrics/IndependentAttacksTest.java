package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The independently written attack generator on generated dual-band palms. */
class IndependentAttacksTest {
    private static final SyntheticPalms PALMS = SyntheticPalms.withSeed(21);
    private static final SyntheticPalms VEINS = SyntheticPalms.withSeed(22);

    private static BandPair live(int palm, int sample) {
        PalmImage visible = PALMS.capture(palm, 1, sample);
        return BandPair.dualBand(visible, SyntheticDualBand.nearInfrared(visible, VEINS.capture(palm, 1, 1), palm * 100L + sample));
    }

    private static double mean(PalmImage image) {
        double s = 0;
        for (byte b : image.pixels()) s += b & 0xFF;
        return s / image.pixels().length;
    }

    @Test
    void sameSeedSamePixelsAndEachKindKeepsTheFramesOfItsCapture() {
        IndependentAttacks attacks = new IndependentAttacks();
        BandPair bonaFide = live(1, 1);
        for (AttackKind kind : AttackKind.values()) {
            BandPair a = attacks.attack(kind, bonaFide, 5), b = attacks.attack(kind, bonaFide, 5);
            assertThat(a).as(kind.label()).isEqualTo(b);
            if (kind == AttackKind.PRINT) assertThat(a.visible()).isNotEqualTo(attacks.attack(kind, bonaFide, 6).visible());
            assertThat(a.visible().width()).isEqualTo(bonaFide.visible().width());
            assertThat(a.nearInfrared()).isPresent();
        }
        BandPair singleCamera = attacks.attack(AttackKind.SCREEN, BandPair.singleCamera(bonaFide.visible()), 5);
        assertThat(singleCamera.nearInfrared()).isEmpty();
        assertThatThrownBy(() -> attacks.attack(AttackKind.NIR_PRINT, BandPair.singleCamera(bonaFide.visible()), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The shipped dual-band model (fitted on PolyU) refuses every kind; the live pairs it passes. */
    @Test
    void theShippedDualBandModelRefusesEveryKindAndPassesTheLivePairs() {
        LivenessDetector detector = new LivenessDetector();
        IndependentAttacks attacks = new IndependentAttacks();
        for (int palm = 0; palm < 2; palm++) {
            BandPair bonaFide = live(palm, 2);
            assertThat(detector.judge(bonaFide)).as("live palm %d", palm).isInstanceOf(LivenessVerdict.Live.class);
            for (AttackKind kind : AttackKind.values()) {
                LivenessVerdict verdict = detector.judge(attacks.attack(kind, bonaFide, palm * 7L + kind.ordinal()));
                assertThat(verdict).as("%s of palm %d", kind.label(), palm).isInstanceOf(LivenessVerdict.PresentationAttack.class);
            }
        }
    }

    /** A screen shows the palm in visible light but (almost) nothing of it at 940 nm; a print is as dark in both bands. */
    @Test
    void aScreenCarriesNoPalmAtNineFortyNanometresAndAPrintIsInkInBothBands() {
        IndependentAttacks attacks = new IndependentAttacks();
        LivenessDetector cues = new LivenessDetector();
        BandPair bonaFide = live(4, 1);
        BandPair screen = attacks.attack(AttackKind.SCREEN, bonaFide, 3);
        BandPair print = attacks.attack(AttackKind.PRINT, bonaFide, 3);
        double screenAgreement = cues.dualBandCues(screen.visible(), screen.nearInfrared().orElseThrow()).cues().get(1).value();
        double printAgreement = cues.dualBandCues(print.visible(), print.nearInfrared().orElseThrow()).cues().get(1).value();
        double liveAgreement = cues.dualBandCues(bonaFide.visible(), bonaFide.nearInfrared().orElseThrow()).cues().get(1).value();
        assertThat(printAgreement).isGreaterThan(liveAgreement).isGreaterThan(screenAgreement);
        assertThat(mean(screen.nearInfrared().orElseThrow())).isLessThan(mean(bonaFide.nearInfrared().orElseThrow()));
    }
}
