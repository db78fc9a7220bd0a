package org.openpalm.cli.evaluate;

/**
 * Tuning of the unlinkability estimate ({@link Unlinkability}).
 *
 * @param densityGridPoints         points of the score grid the densities are evaluated on
 * @param minBandwidthScorePoints   least kernel bandwidth, in score points (0 to 100 scale): keeps a
 *                                  sample of near-identical scores from becoming a spike
 */
public record UnlinkabilityConfig(int densityGridPoints, double minBandwidthScorePoints) {
    public static final UnlinkabilityConfig DEFAULT = new UnlinkabilityConfig(2_000, 0.25);

    public UnlinkabilityConfig {
        if (densityGridPoints < 100) throw new IllegalArgumentException("densityGridPoints must be at least 100");
        if (!(minBandwidthScorePoints > 0)) throw new IllegalArgumentException("minBandwidthScorePoints must be positive");
    }
}
