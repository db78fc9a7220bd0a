package org.openpalm.biometrics.engine;

/**
 * Every tuning constant of the recognition engine, in one place (SourceAFIS style). One
 * configuration serves all captures: nothing here is chosen per dataset or per image.
 *
 * @param roiSizePixels          side of the square palm region the features are computed on
 * @param downsampleFactor       box-filter reduction before filtering (lines stay 1-2 px wide)
 * @param gridCells              code cells per side; fixed at 32 so that a row is one {@code int}
 * @param orientations           Gabor orientations of the competitive code (Kong and Zhang 2004: 6)
 * @param gaborRadiusPixels      filter half-size, on the downsampled image
 * @param gaborOmega             Lee's 2-D Gabor radial frequency (radians per downsampled pixel)
 * @param gaborBandwidthOctaves  Lee's bandwidth parameter delta (octaves)
 * @param fragileCellFraction    share of cells with the weakest orientation contrast that are masked
 *                               as fragile (E-BOCV, Zhang et al. 2012: fragile bits match at chance).
 *                               Issue 13 tried 0 (textbook CompCode): with today's ROI the tuning part
 *                               cannot tell 0 from 0.15, and without a mask two deployments' protected
 *                               templates of one palm became measurably linkable (coep D<->sys 0.03 to
 *                               0.06 against 0.01 to 0.03), so 0.15 stays
 * @param maxShiftCells          translation searched at match time, in cells, each direction
 * @param minOverlapCells        fewest jointly valid cells for a shift to count
 * @param rotationsDegrees       probe rotations tried at match time (0 must be among them)
 */
public record EngineConfig(
        int roiSizePixels,
        int downsampleFactor,
        int gridCells,
        int orientations,
        int gaborRadiusPixels,
        double gaborOmega,
        double gaborBandwidthOctaves,
        double fragileCellFraction,
        int maxShiftCells,
        int minOverlapCells,
        double[] rotationsDegrees) {

    public static final EngineConfig DEFAULT = new EngineConfig(
            128, 2, 32, 6, 8, 0.8, 1.5, 0.15, 3, 256, new double[] {0, -4, 4, -8, 8, -12, 12});

    public EngineConfig {
        if (gridCells != 32) throw new IllegalArgumentException("gridCells must be 32 (one int per code row)");
        if (orientations != 6) throw new IllegalArgumentException("the 3-bit angular code needs 6 orientations");
        if (roiSizePixels % (downsampleFactor * gridCells) != 0) {
            throw new IllegalArgumentException("roiSizePixels must be a multiple of downsampleFactor * gridCells");
        }
        if (fragileCellFraction < 0 || fragileCellFraction >= 1) {
            throw new IllegalArgumentException("fragileCellFraction must be in [0,1)");
        }
        if (maxShiftCells < 0 || maxShiftCells > 8) throw new IllegalArgumentException("maxShiftCells in 0..8");
        rotationsDegrees = rotationsDegrees.clone();
        if (java.util.Arrays.stream(rotationsDegrees).noneMatch(r -> r == 0)) {
            throw new IllegalArgumentException("rotationsDegrees must include 0");
        }
    }

    public EngineConfig withGabor(double omega, double bandwidth, int radius) {
        return new EngineConfig(roiSizePixels, downsampleFactor, gridCells, orientations, radius, omega, bandwidth,
                fragileCellFraction, maxShiftCells, minOverlapCells, rotationsDegrees);
    }

    public EngineConfig withFragileCellFraction(double fraction) {
        return new EngineConfig(roiSizePixels, downsampleFactor, gridCells, orientations, gaborRadiusPixels,
                gaborOmega, gaborBandwidthOctaves, fraction, maxShiftCells, minOverlapCells, rotationsDegrees);
    }

    public EngineConfig withMaxShiftCells(int cells) {
        return new EngineConfig(roiSizePixels, downsampleFactor, gridCells, orientations, gaborRadiusPixels,
                gaborOmega, gaborBandwidthOctaves, fragileCellFraction, cells, minOverlapCells, rotationsDegrees);
    }

    public EngineConfig withRotationsDegrees(double... degrees) {
        return new EngineConfig(roiSizePixels, downsampleFactor, gridCells, orientations, gaborRadiusPixels,
                gaborOmega, gaborBandwidthOctaves, fragileCellFraction, maxShiftCells, minOverlapCells, degrees.clone());
    }
}
