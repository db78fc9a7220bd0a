package org.openpalm.cli.evaluate;

/**
 * Tuning of the unlinkability estimate ({@link Unlinkability}).
 *
 * @param densityGridPoints         points of the score grid the densities are evaluated on
 * @param minBandwidthScorePoints   least kernel bandwidth, in score points (0 to 100 scale): keeps a
 *                                  sample of near-identical scores from becoming a spike
 * @param deploymentKeyPairs        pairs of fresh deployment keys whose cross-key scores are pooled:
 *                                  D&lt;-&gt;sys describes the transform, not one draw of keys, and one
 *                                  pair's few hundred mated scores move it by about 0.04 from draw to
 *                                  draw (0.012 to 0.054 on one dataset); the spread falls with the
 *                                  square root of the pairs
 */
public record UnlinkabilityConfig(int densityGridPoints, double minBandwidthScorePoints, int deploymentKeyPairs) {
    public static final UnlinkabilityConfig DEFAULT = new UnlinkabilityConfig(2_000, 0.25, 5);

    public UnlinkabilityConfig {
        if (densityGridPoints < 100) throw new IllegalArgumentException("densityGridPoints must be at least 100");
        if (!(minBandwidthScorePoints > 0)) throw new IllegalArgumentException("minBandwidthScorePoints must be positive");
        if (deploymentKeyPairs < 1) throw new IllegalArgumentException("deploymentKeyPairs must be at least 1");
    }
}
