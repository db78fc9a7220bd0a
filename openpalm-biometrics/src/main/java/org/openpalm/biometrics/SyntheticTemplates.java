package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.SyntheticCodes;

/**
 * Synthetic palm templates for filling galleries of millions in benchmarks and tests, without
 * images: an identity is a random palm-line orientation field, a capture is a slightly moved,
 * noisy view of it. Deterministic: {@code capture(identity, n)} depends only on the seed, the
 * identity and n, so any thread may make any template in any order.
 *
 * <p>Calibrated against the real ROI datasets (tongji-roi, polyu-ms-green-roi,
 * polyu-ms-nir-roi; {@code SyntheticTemplatesTest} checks the figures):
 * <ul>
 *   <li>genuine pairs, best distance over the shift search: mean 0.197 measured (tongji 0.210,
 *       PolyU green 0.178, PolyU NIR 0.165); the generator gives about 0.19. That is the
 *       realistic bit-flip rate between two captures of one palm: about 1 compared bit in 5
 *       differs after alignment (most as a one-step orientation change, 1 bit of 3);</li>
 *   <li>impostor pairs without shift search: mean 0.49, standard deviation 0.021 to 0.029,
 *       i.e. 300 to 550 binomial degrees of freedom; the generator gives about 0.50 and 300;</li>
 *   <li>captures move by up to 1 cell (4 pixels of a 128-pixel ROI) each way, so two captures differ
 *       by up to 2 cells: the matcher's translation search.</li>
 * </ul>
 * Synthetic impostors score a little lower than real ones after the shift search (best distance
 * mean 0.46 against 0.448): real palms share the principal-line layout, random fields do not.
 */
public final class SyntheticTemplates {
    /** The calibrated generator (see the class comment). */
    private static final SyntheticCodes CODES = new SyntheticCodes(
            5.0, 0.35, 0.36, 1, EngineConfig.DEFAULT.fragileCellFraction());

    private final long seed;

    public SyntheticTemplates(long seed) {
        this.seed = seed;
    }

    /** Capture number {@code capture} of identity {@code identity}; any two captures of one identity are a genuine pair. */
    public PalmTemplate capture(long identity, long capture) {
        return PalmTemplate.of(CODES.capture(seed, identity, capture));
    }

    /** The enrolment capture of an identity: capture 0. */
    public PalmTemplate enrolment(long identity) {
        return capture(identity, 0);
    }
}
