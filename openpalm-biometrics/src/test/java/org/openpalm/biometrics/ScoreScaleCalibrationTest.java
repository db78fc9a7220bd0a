package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.ShiftMatcher;

/**
 * Re-measures the impostor distances of the real ROI datasets and checks that
 * {@link ScoreScale}'s model still fits them. After an engine change this fails and prints the
 * constants to put in {@code ScoreScale.MODEL}.
 */
class ScoreScaleCalibrationTest {

    @Test
    void modelFitsTheImpostorsOfTheRealDatasets() {
        List<Double> unshifted = new ArrayList<>();
        List<Double> shifted = new ArrayList<>();
        EngineConfig noShift = EngineConfig.DEFAULT.withMaxShiftCells(0).withRotationsDegrees(0);
        for (String name : RealDatasets.ROI) {
            List<RealDatasets.Sample> samples = RealDatasets.load(name);
            for (int i = 0; i < samples.size(); i++) {
                ShiftMatcher full = new ShiftMatcher(samples.get(i).template().code(), EngineConfig.DEFAULT);
                ShiftMatcher zero = new ShiftMatcher(samples.get(i).template().code(), noShift);
                for (int j = i + 1; j < samples.size(); j++) {
                    if (samples.get(i).subject().equals(samples.get(j).subject())) continue;
                    long[] other = samples.get(j).template().packed();
                    unshifted.add(zero.distance(other));
                    shifted.add(full.distance(other));
                }
            }
        }
        double[] u = unshifted.stream().mapToDouble(Double::doubleValue).toArray();
        double[] s = shifted.stream().mapToDouble(Double::doubleValue).toArray();
        ScoreScale.Model fitted = ScoreScale.Model.fit(u, s);
        System.out.printf("ScoreScale calibration: %d impostor pairs; fitted new Model(%.4f, %.0f, %.1f); in use %s%n",
                u.length, fitted.p(), fitted.dof(), fitted.shifts(), ScoreScale.MODEL);

        assertThat(fitted.p()).isCloseTo(ScoreScale.MODEL.p(), org.assertj.core.data.Offset.offset(0.003));
        assertThat(fitted.dof() / ScoreScale.MODEL.dof()).isBetween(0.85, 1.15);

        // Where the data has counts, the model's FMR agrees with the measured one within a factor 2.
        for (double fmr : new double[] {1e-2, 3e-3, 1e-3}) {
            double threshold = ScoreScale.thresholdForFalseMatchRate(fmr);
            long over = java.util.Arrays.stream(s).filter(d -> ShiftMatcher.scoreOf(d) >= threshold).count();
            double measured = (double) over / s.length;
            System.out.printf("  FMR %.0e: threshold %.2f, measured FMR %.2e (%d of %d)%n", fmr, threshold, measured, over, s.length);
            assertThat(measured / fmr).as("measured/model FMR at %s", fmr).isBetween(0.5, 2.0);
        }
    }
}
