package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RocTest {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void eerInterpolatesOnTheConvexHull() {
        // Points (FMR, FNMR): t=1 (1,0), t=2 (.5,0), t=3 (.5,.5), t=4 (0,.5), +inf (0,1). The hull
        // runs (0,.5)-(.5,0), crossing the diagonal at .25, halfway between thresholds 4 and 2.
        Eer eer = Roc.of(new double[] {2, 4}, new double[] {1, 3}).eer();

        assertThat(eer.rate()).isCloseTo(0.25, within(1e-12));
        assertThat(eer.threshold()).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void perfectSeparationHasNoErrorAtTheLowestGenuineScore() {
        Roc roc = Roc.of(new double[] {5, 6, 7}, new double[] {1, 2, 3});

        assertThat(roc.eer()).isEqualTo(new Eer(0.0, 5.0));
        assertThat(roc.atFmr(1e-3)).isEqualTo(new OperatingPoint(5.0, 0.0, 0.0));
    }

    @Test
    void inverted_scoresGiveTheChanceEer() {
        Eer eer = Roc.of(new double[] {1, 2}, new double[] {3, 4}).eer();

        assertThat(eer.rate()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void fnmrIsTakenAtTheSmallestThresholdMeetingTheFmr() {
        double[] impostor = IntStream.range(0, 1000).asDoubleStream().toArray();
        double[] genuine = {500.5, 998.5, 999, 1000, 1001};
        Roc roc = Roc.of(genuine, impostor);

        // FMR <= 1e-3 allows one of 1000 impostors (999) through: threshold 998.5 is the first.
        assertThat(roc.atFmr(1e-3)).isEqualTo(new OperatingPoint(998.5, 0.001, 0.2));
        // FMR <= 1e-4 allows none: the first threshold above 999 is 1000.
        assertThat(roc.atFmr(1e-4)).isEqualTo(new OperatingPoint(1000, 0.0, 0.6));
    }

    @Test
    void failedComparisonsAreNonMatchesAtEveryRealThreshold() {
        Roc roc = Roc.of(new double[] {NEG_INF, 10, 11}, new double[] {1, 2});

        assertThat(roc.atFmr(0.0)).isEqualTo(new OperatingPoint(10, 0.0, 1.0 / 3));
        // Hull (0,1/3)-(1,0): crosses the diagonal at 1/4.
        assertThat(roc.eer().rate()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void pointsRunFromAcceptAllToRejectAll() {
        Roc roc = Roc.of(new double[] {2, 4}, new double[] {1, 3});

        assertThat(roc.points()).first().isEqualTo(new OperatingPoint(1, 1.0, 0.0));
        assertThat(roc.points()).last().isEqualTo(new OperatingPoint(Double.POSITIVE_INFINITY, 0.0, 1.0));
        assertThat(roc.points()).hasSize(5);
    }

    @Test
    void refusesEmptyOrUndefinedScores() {
        assertThatThrownBy(() -> Roc.of(new double[0], new double[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Roc.of(new double[] {1}, new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Roc.of(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
