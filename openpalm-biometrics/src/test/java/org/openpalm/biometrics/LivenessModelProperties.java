package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LivenessModelProperties {

    private static List<LivenessCues> cues(List<Double> a, List<Double> b) {
        List<LivenessCues> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(new LivenessCues(List.of(new LivenessCues.Cue("a", a.get(i)), new LivenessCues.Cue("b", b.get(i % b.size())))));
        }
        return out;
    }

    /** The fitted threshold refuses at most the target share of the captures it was fitted on. */
    @Property(tries = 200)
    void fittedThresholdKeepsTrainingBpcerWithinTarget(
            @ForAll @Size(min = 2, max = 200) List<@DoubleRange(min = -1e3, max = 1e3) Double> a,
            @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = -1e3, max = 1e3) Double> b,
            @ForAll @DoubleRange(min = 0, max = 0.5) double targetBpcer) {
        List<LivenessCues> live = cues(a, b);
        LivenessModel model = LivenessModel.fit(live, targetBpcer);
        long refused = live.stream().filter(c -> model.isAttack(model.score(c))).count();
        assertThat((double) refused / live.size()).isLessThanOrEqualTo(targetBpcer + 1e-12);
    }

    /** Moving any cue further towards "attack" never lowers the score. */
    @Property(tries = 200)
    void scoreIsMonotoneInEveryCue(
            @ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll @DoubleRange(min = -100, max = 100) double b,
            @ForAll @DoubleRange(min = 0, max = 50) double raise, @ForAll @IntRange(min = 0, max = 1) int which) {
        LivenessModel model = new LivenessModel(List.of(
                new LivenessModel.CueScale("a", 1, 2), new LivenessModel.CueScale("b", -3, 0.5)), 3);
        double before = model.score(cues(List.of(a), List.of(b)).getFirst());
        double after = model.score(cues(List.of(which == 0 ? a + raise : a), List.of(which == 1 ? b + raise : b)).getFirst());
        assertThat(after).isGreaterThanOrEqualTo(before);
    }
}
