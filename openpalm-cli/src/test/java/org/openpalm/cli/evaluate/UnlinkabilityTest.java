package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The estimator at its known extremes: one distribution twice, and two that never overlap. */
class UnlinkabilityTest {

    private static double[] normal(Random random, int n, double mean, double sd) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = mean + sd * random.nextGaussian();
        return out;
    }

    @Test
    void twoSamplesOfOneDistributionAreUnlinkable() {
        Random random = new Random(1);
        double dsys = Unlinkability.globalDsys(normal(random, 2000, 11, 2), normal(random, 20000, 11, 2),
                UnlinkabilityConfig.DEFAULT);
        assertThat(dsys).isBetween(0.0, 0.03);
    }

    @Test
    void separatedDistributionsAreFullyLinkable() {
        Random random = new Random(2);
        double dsys = Unlinkability.globalDsys(normal(random, 2000, 60, 3), normal(random, 20000, 11, 2),
                UnlinkabilityConfig.DEFAULT);
        assertThat(dsys).isGreaterThan(0.99);
    }

    @Test
    void partlyShiftedDistributionsLieBetween() {
        Random random = new Random(3);
        double dsys = Unlinkability.globalDsys(normal(random, 2000, 13, 2), normal(random, 20000, 11, 2),
                UnlinkabilityConfig.DEFAULT);
        // Two unit-variance normals one standard deviation apart: D_sys about 0.3 analytically.
        assertThat(dsys).isBetween(0.2, 0.45);
    }
}
