package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticPalmsTest {

    @Test
    void capturesAre128SquareGreyWithSkinLikeBrightness() {
        PalmImage image = SyntheticPalms.withSeed(7).capture(0, 1, 1);
        assertThat(image.width()).isEqualTo(SyntheticPalms.SIDE_PIXELS);
        assertThat(image.height()).isEqualTo(SyntheticPalms.SIDE_PIXELS);
        double mean = 0;
        for (byte b : image.pixels()) mean += b & 0xFF;
        mean /= image.pixels().length;
        // Neither black nor blown out: a palm under a reader's light.
        assertThat(mean).isBetween(40.0, 215.0);
    }

    @Test
    void capturesOfOnePalmDiffer() {
        SyntheticPalms.Palm palm = SyntheticPalms.withSeed(7).palm(3);
        PalmImage a = palm.capture(1, 1);
        assertThat(palm.capture(1, 2)).isNotEqualTo(a);
        assertThat(palm.capture(2, 1)).isNotEqualTo(a);
    }

    @Test
    void genuinePairsScoreWellAboveImpostorPairs() {
        int identities = 6;
        int samples = 4;
        SyntheticPalms palms = SyntheticPalms.withSeed(2024);
        List<PalmTemplate> templates = new ArrayList<>();
        for (int i = 0; i < identities; i++) {
            SyntheticPalms.Palm palm = palms.palm(i);
            for (int k = 0; k < samples; k++) {
                int session = k < samples / 2 ? 1 : 2;
                templates.add(PalmTemplate.fromRoi(palm.capture(session, k % (samples / 2) + 1)));
            }
        }
        double genuine = 0;
        double impostor = 0;
        int genuineCount = 0;
        int impostorCount = 0;
        for (int i = 0; i < templates.size(); i++) {
            PalmMatcher matcher = new PalmMatcher(templates.get(i));
            for (int j = i + 1; j < templates.size(); j++) {
                double score = matcher.match(templates.get(j));
                if (i / samples == j / samples) {
                    genuine += score;
                    genuineCount++;
                } else {
                    impostor += score;
                    impostorCount++;
                }
            }
        }
        genuine /= genuineCount;
        impostor /= impostorCount;
        assertThat(genuine - impostor).as("genuine mean minus impostor mean").isGreaterThan(20.0);
        // Not trivially easy either: captures vary, so genuine pairs are far from identical.
        assertThat(genuine).as("genuine mean").isLessThan(85.0);
    }

    @Test
    void refusesNegativeIdentityAndNonPositiveSessionOrSample() {
        SyntheticPalms palms = SyntheticPalms.withSeed(1);
        assertThatThrownBy(() -> palms.palm(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> palms.capture(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> palms.capture(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seedIsKept() {
        assertThat(SyntheticPalms.withSeed(-5).seed()).isEqualTo(-5);
    }
}
