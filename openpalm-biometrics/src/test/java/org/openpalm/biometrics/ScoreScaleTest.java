package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ScoreScaleTest {
    @Property
    void falseMatchRateFallsAsTheScoreRises(
            @ForAll @DoubleRange(min = 0, max = 99) double score, @ForAll @DoubleRange(min = 0.01, max = 1) double step) {
        assertThat(ScoreScale.falseMatchRate(score + step)).isLessThanOrEqualTo(ScoreScale.falseMatchRate(score));
    }

    @Property
    void thresholdInvertsTheRate(@ForAll @DoubleRange(min = 0.3, max = 9) double minusLog10) {
        double fmr = Math.pow(10, -minusLog10);
        double threshold = ScoreScale.thresholdForFalseMatchRate(fmr);
        assertThat(ScoreScale.falseMatchRate(threshold)).isLessThanOrEqualTo(fmr * (1 + 1e-9));
        assertThat(ScoreScale.falseMatchRate(threshold - 0.01)).isGreaterThan(fmr);
    }

    @Test
    void documentedThresholds() {
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-2)).isCloseTo(18.2, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-3)).isCloseTo(20.9, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-4)).isCloseTo(23.2, within(0.05));
        assertThat(ScoreScale.DEFAULT_THRESHOLD).isEqualTo(ScoreScale.thresholdForFalseMatchRate(1e-4));
        assertThat(ScoreScale.falseMatchRate(0)).isEqualTo(1.0);
        assertThat(ScoreScale.falseMatchRate(100)).isEqualTo(0.0);
    }
}
