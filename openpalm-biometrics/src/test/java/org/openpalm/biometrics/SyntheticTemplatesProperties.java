package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SyntheticTemplatesProperties {

    @Property(tries = 50)
    void aCaptureDependsOnlyOnSeedIdentityAndNumber(@ForAll long seed, @ForAll @LongRange(min = 0) long identity,
            @ForAll @IntRange(min = 0, max = 1000) int capture) {
        PalmTemplate a = new SyntheticTemplates(seed).capture(identity, capture);
        PalmTemplate b = new SyntheticTemplates(seed).capture(identity, capture);
        assertThat(a).isEqualTo(b);
        assertThat(new PalmMatcher(a).match(b)).isEqualTo(100.0);
    }

    @Property(tries = 30)
    void twoCapturesOfOneIdentityScoreAboveAnyImpostorThreshold(@ForAll long seed, @ForAll @LongRange(min = 0) long identity) {
        SyntheticTemplates synth = new SyntheticTemplates(seed);
        double genuine = new PalmMatcher(synth.capture(identity, 1)).match(synth.capture(identity, 2));
        assertThat(genuine).isGreaterThan(ScoreScale.thresholdForFalseMatchRate(1e-6));
    }

    /** The figures stated in the class comment of SyntheticTemplates. */
    @Example
    void distancesResembleTheRealDatasets() {
        SyntheticTemplates synth = new SyntheticTemplates(3);
        int n = 200;
        double genuine = 0;
        double impostor = 0;
        int impostorPairs = 0;
        for (int i = 0; i < n; i++) {
            PalmMatcher m = new PalmMatcher(synth.capture(i, 1));
            genuine += distance(m.match(synth.capture(i, 2)));
            for (int j = i + 1; j < Math.min(n, i + 20); j++) {
                impostor += distance(m.match(synth.capture(j, 2)));
                impostorPairs++;
            }
        }
        assertThat(genuine / n).isBetween(0.17, 0.22);
        assertThat(impostor / impostorPairs).isBetween(0.44, 0.48);
    }

    private static double distance(double score) {
        return (1 - score / 100) / 2;
    }
}
