package org.openpalm.payments.identify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ScoreScale;
import org.openpalm.payments.testing.SyntheticPalms;

/** The synthetic fixture behaves like palms for the matcher; the other tests rely on it. */
class SyntheticPalmsScoreTest {
    @Test
    void capturesOfOnePalmMatchOtherPalmsDoNotAndLookalikesMatchBoth() {
        double strict = ScoreScale.thresholdForFalseMatchRate(1e-6);
        double loose = ScoreScale.thresholdForFalseMatchRate(1e-3);
        for (long seed = 1; seed <= 5; seed++) {
            PalmMatcher m = new PalmMatcher(SyntheticPalms.template(seed));
            assertThat(m.match(SyntheticPalms.captureTemplate(seed, 3))).isGreaterThan(strict);
            for (long other = 100; other < 110; other++) {
                assertThat(m.match(SyntheticPalms.template(other))).isLessThan(loose);
            }
            PalmTemplate blend = PalmTemplate.fromRoi(SyntheticPalms.lookalike(seed, seed + 50));
            assertThat(m.match(blend)).isGreaterThan(strict);
            assertThat(new PalmMatcher(SyntheticPalms.template(seed + 50)).match(blend)).isGreaterThan(strict);
        }
    }
}
