package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The thresholds the class comment of {@link ScoreScale} publishes. */
class ScoreScaleTest {
    @Test
    void documentedThresholds() {
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-2)).isCloseTo(17.74, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-3)).isCloseTo(20.38, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-4)).isCloseTo(22.26, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-6)).isCloseTo(26.04, within(0.05));
        assertThat(ScoreScale.DEFAULT_THRESHOLD).isEqualTo(ScoreScale.thresholdForFalseMatchRate(1e-4));
    }
}
