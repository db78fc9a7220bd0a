package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Laws of the synthetic generator: determinism and identity separation. */
class SyntheticPalmsProperties {

    @Property(tries = 12)
    void sameSeedAndIndicesGiveIdenticalBytes(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 100_000) int identity,
            @ForAll @IntRange(min = 1, max = 2) int session,
            @ForAll @IntRange(min = 1, max = 20) int sample) {
        byte[] first = SyntheticPalms.withSeed(seed).capture(identity, session, sample).toPng();
        byte[] second = SyntheticPalms.withSeed(seed).palm(identity).capture(session, sample).toPng();
        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 12)
    void differentIdentitiesGiveDifferentPalms(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 100_000) int a,
            @ForAll @IntRange(min = 0, max = 100_000) int b) {
        Assume.that(a != b);
        SyntheticPalms palms = SyntheticPalms.withSeed(seed);
        PalmImage imageA = palms.capture(a, 1, 1);
        PalmImage imageB = palms.capture(b, 1, 1);
        assertThat(imageA).isNotEqualTo(imageB);
        // Different palms are not merely shifted copies: the matcher sees unrelated codes.
        assertThat(new PalmMatcher(PalmTemplate.fromRoi(imageA)).match(PalmTemplate.fromRoi(imageB)))
                .isLessThan(35.0);
    }

    @Property(tries = 8)
    void differentGeneratorSeedsGiveDifferentPalms(@ForAll long seedA, @ForAll long seedB,
                                                   @ForAll @IntRange(min = 0, max = 1000) int identity) {
        Assume.that(seedA != seedB);
        assertThat(SyntheticPalms.withSeed(seedA).capture(identity, 1, 1))
                .isNotEqualTo(SyntheticPalms.withSeed(seedB).capture(identity, 1, 1));
    }
}
