package org.openpalm.biometrics.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.SyntheticCodes;

/**
 * The coarse kernel against its definition: a palm's cost is the minimum over the probe's
 * translations of its masked Hamming distance times the translation's multiplier, whatever the
 * number of translations (the first pass costs up to four at once), the block's fill or the
 * block's place in the slab.
 */
class CoarseProbeProperties {
    private static final SyntheticCodes CODES = new SyntheticCodes(5.0, 0.35, 0.36, 1, EngineConfig.DEFAULT.fragileCellFraction());

    @Property(tries = 60)
    void blockCostsAreTheMinimumOverTranslationsOfTheMaskedDistance(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int rangeCells,
            @ForAll @IntRange(min = 1, max = 3) int stepCells, @ForAll @IntRange(min = 1, max = 256) int minBlocks,
            @ForAll @IntRange(min = 1, max = Gallery.BLOCK) int count, @ForAll @IntRange(min = 0, max = 2) int blockInSlab) {
        CoarseProbe probe = new CoarseProbe(CODES.capture(seed, 1, 1), rangeCells, stepCells, minBlocks);
        SplittableRandom random = new SplittableRandom(seed);
        long[] slab = new long[3 * Gallery.BLOCK * CoarseCode.LONGS];
        for (int i = 0; i < slab.length; i++) slab[i] = random.nextLong();
        int base = blockInSlab * Gallery.BLOCK * CoarseCode.LONGS;
        CoarseProbe.Scratch scratch = new CoarseProbe.Scratch();

        probe.blockCosts(slab, base, count, scratch);

        for (int palm = 0; palm < count; palm++) {
            int expected = Integer.MAX_VALUE;
            for (int s = 0; s < probe.shifts(); s++) {
                int differing = 0;
                for (int j = 0; j < CoarseCode.LONGS; j++) {
                    long word = slab[base + j * Gallery.BLOCK + palm];
                    differing += Long.bitCount((word ^ probe.code[s * CoarseCode.LONGS + j]) & probe.mask[s * CoarseCode.LONGS + j]);
                }
                expected = Math.min(expected, differing * probe.multiplier[s]);
            }
            assertThat(scratch.cost[palm]).as("palm %d of %d, %d translations", palm, count, probe.shifts()).isEqualTo(expected);
        }
    }
}
