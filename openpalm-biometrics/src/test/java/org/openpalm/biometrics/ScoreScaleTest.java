package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The thresholds the class comment of {@link ScoreScale} publishes. */
class ScoreScaleTest {
    @Test
    void documentedThresholds() {
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-2)).isCloseTo(21.34, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-3)).isCloseTo(24.39, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-4)).isCloseTo(27.44, within(0.05));
        assertThat(ScoreScale.thresholdForFalseMatchRate(1e-6)).isCloseTo(32.32, within(0.05));
        assertThat(ScoreScale.DEFAULT_THRESHOLD).isEqualTo(ScoreScale.thresholdForFalseMatchRate(1e-4));
    }
}
