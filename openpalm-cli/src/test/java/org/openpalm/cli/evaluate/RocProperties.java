package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class RocProperties {
    /** Scores on a coarse grid so that ties, which real matchers produce, are common. */
    @Provide
    Arbitrary<List<Double>> scores() {
        return Arbitraries.integers().between(0, 40).map(i -> i * 2.5).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property
    void eerIsBetweenZeroAndOneHalf(@ForAll("scores") List<Double> genuine, @ForAll("scores") List<Double> impostor) {
        double eer = Roc.of(array(genuine), array(impostor)).eer().rate();

        assertThat(eer).isBetween(0.0, 0.5);
    }

    @Property
    void eerLiesBetweenTheBestHalfTotalErrorAndTheBestWorseError(
            @ForAll("scores") List<Double> genuine, @ForAll("scores") List<Double> impostor) {
        // Every hull point mixes two operating points, so on the diagonal (FMR + FNMR) / 2 cannot
        // beat the best threshold's; and the hull lies on or below the step curve.
        Roc roc = Roc.of(array(genuine), array(impostor));
        double eer = roc.eer().rate();
        double bestHalfTotal = roc.points().stream().mapToDouble(p -> (p.fmr() + p.fnmr()) / 2).min().orElseThrow();
        double bestWorse = roc.points().stream().mapToDouble(p -> Math.max(p.fmr(), p.fnmr())).min().orElseThrow();

        assertThat(eer).isBetween(bestHalfTotal - 1e-12, bestWorse + 1e-12);
    }

    @Property
    void ratesDoNotDependOnTheScoreScale(
            @ForAll("scores") List<Double> genuine, @ForAll("scores") List<Double> impostor,
            @ForAll @IntRange(min = 0, max = 2) int which) {
        DoubleUnaryOperator increasing = switch (which) {
            case 0 -> s -> 3 * s + 7;
            case 1 -> s -> s * s * s;
            default -> s -> Math.exp(s / 20);
        };
        Roc original = Roc.of(array(genuine), array(impostor));
        Roc transformed = Roc.of(map(genuine, increasing), map(impostor, increasing));

        assertThat(transformed.eer().rate()).isEqualTo(original.eer().rate());
        assertThat(transformed.atFmr(0.1).fnmr()).isEqualTo(original.atFmr(0.1).fnmr());
        assertThat(transformed.atFmr(0.1).threshold()).isEqualTo(increasing.applyAsDouble(original.atFmr(0.1).threshold()));
    }

    @Property
    void perfectSeparationHasNoErrors(
            @ForAll("scores") List<Double> impostor, @ForAll("scores") List<Double> aboveImpostors,
            @ForAll @DoubleRange(min = 0, max = 1) double targetFmr) {
        double[] genuine = aboveImpostors.stream().mapToDouble(s -> s + 101).toArray(); // impostors <= 100
        Roc roc = Roc.of(genuine, array(impostor));

        assertThat(roc.eer().rate()).isZero();
        assertThat(roc.atFmr(targetFmr).fnmr()).isZero();
    }

    @Property
    void aStricterFmrTargetNeverLowersTheFnmr(
            @ForAll("scores") List<Double> genuine, @ForAll("scores") List<Double> impostor,
            @ForAll @DoubleRange(min = 0, max = 1) double a, @ForAll @DoubleRange(min = 0, max = 1) double b) {
        Roc roc = Roc.of(array(genuine), array(impostor));
        OperatingPoint strict = roc.atFmr(Math.min(a, b));
        OperatingPoint loose = roc.atFmr(Math.max(a, b));

        assertThat(strict.fmr()).isLessThanOrEqualTo(Math.min(a, b));
        assertThat(strict.fnmr()).isGreaterThanOrEqualTo(loose.fnmr());
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] map(List<Double> values, DoubleUnaryOperator f) {
        return values.stream().mapToDouble(Double::doubleValue).map(f).toArray();
    }
}
