package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class ScoreScaleProperties {

    @Property
    void fmrNeverRisesWithTheScore(@ForAll @DoubleRange(min = 0, max = 100) double a,
            @ForAll @DoubleRange(min = 0, max = 100) double b) {
        assertThat(ScoreScale.falseMatchRate(Math.max(a, b))).isLessThanOrEqualTo(ScoreScale.falseMatchRate(Math.min(a, b)));
    }

    @Property
    void theThresholdMeetsItsFmr(@ForAll @DoubleRange(min = 0.3, max = 12) double minusLog10Fmr) {
        double fmr = Math.pow(10, -minusLog10Fmr);
        assertThat(ScoreScale.falseMatchRate(ScoreScale.thresholdForFalseMatchRate(fmr))).isLessThanOrEqualTo(fmr);
    }

    /** FPIR ~ N x FMR: a bigger gallery needs a higher threshold for the same FPIR. */
    @Property
    void biggerGalleriesNeedHigherThresholds(@ForAll @IntRange(min = 1, max = 10_000_000) int n) {
        assertThat(ScoreScale.thresholdForIdentification(1e-3, 2L * n)).isGreaterThanOrEqualTo(ScoreScale.thresholdForIdentification(1e-3, n));
        assertThat(ScoreScale.thresholdForIdentification(1e-3, n)).isEqualTo(ScoreScale.thresholdForFalseMatchRate(1e-3 / n));
    }
}
