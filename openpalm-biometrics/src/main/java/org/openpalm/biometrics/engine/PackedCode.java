package org.openpalm.biometrics.engine;

/**
 * A code map laid out for XOR and popcount: for each pair of rows i (rows 2i and 2i+1 in the low
 * and high 32 bits), four consecutive longs hold bit plane 0, 1, 2 and the validity plane.
 * 16 row pairs x 4 longs = 64 longs = 512 bytes.
 */
public final class PackedCode {
    public static final int ROW_PAIRS = CodeMap.SIZE / 2;
    public static final int LONGS = ROW_PAIRS * 4;

    private PackedCode() {}

    /**
     * Fractional Hamming distance of two packed codes as they lie, without any alignment search:
     * the distance at the identity alignment, never below the best one a search finds. 1 when no
     * cell is valid in both.
     */
    public static double identityDistance(long[] a, long[] b) {
        int diff = 0;
        int valid = 0;
        for (int i = 0; i < LONGS; i += 4) {
            long m = a[i + 3] & b[i + 3];
            diff += Long.bitCount((a[i] ^ b[i]) & m) + Long.bitCount((a[i + 1] ^ b[i + 1]) & m) + Long.bitCount((a[i + 2] ^ b[i + 2]) & m);
            valid += Long.bitCount(m);
        }
        return valid == 0 ? 1.0 : (double) diff / (3L * valid);
    }

    public static long[] pack(CodeMap map) {
        return pack(map.bit0(), map.bit1(), map.bit2(), map.valid());
    }

    static long[] pack(int[] b0, int[] b1, int[] b2, int[] valid) {
        long[] out = new long[LONGS];
        for (int i = 0; i < ROW_PAIRS; i++) {
            out[4 * i] = pair(b0, i);
            out[4 * i + 1] = pair(b1, i);
            out[4 * i + 2] = pair(b2, i);
            out[4 * i + 3] = pair(valid, i);
        }
        return out;
    }

    /** The inverse of {@link #pack(CodeMap)} for the code at {@code packed[offset .. offset + LONGS)}. */
    public static CodeMap unpack(long[] packed, int offset) {
        int n = CodeMap.SIZE;
        int[][] planes = new int[4][n];
        for (int i = 0; i < ROW_PAIRS; i++) {
            for (int p = 0; p < 4; p++) {
                long v = packed[offset + 4 * i + p];
                planes[p][2 * i] = (int) v;
                planes[p][2 * i + 1] = (int) (v >>> 32);
            }
        }
        return new CodeMap(planes[0], planes[1], planes[2], planes[3]);
    }

    private static long pair(int[] rows, int i) {
        return (rows[2 * i] & 0xFFFF_FFFFL) | ((long) rows[2 * i + 1] << 32);
    }

    /**
     * The map translated by (dx, dy) cells: cell (c, r) moves to (c + dx, r + dy). Cells shifted in
     * from outside the grid are invalid.
     */
    public static long[] shifted(CodeMap map, int dx, int dy) {
        long[] out = new long[LONGS];
        shiftedInto(planes(map), dx, dy, out, 0);
        return out;
    }

    /** The four bit planes of a map (bit 0, 1, 2, validity), for {@link #shiftedInto}. */
    public static int[][] planes(CodeMap map) {
        return new int[][] {map.bit0(), map.bit1(), map.bit2(), map.valid()};
    }

    /**
     * {@link #shifted} of the map with these {@link #planes}, written to {@code out[offset ..
     * offset + LONGS)} without allocating: a probe's 343 shifted and rotated copies are made per
     * identification, so this runs on the payment path.
     */
    public static void shiftedInto(int[][] planes, int dx, int dy, long[] out, int offset) {
        int n = CodeMap.SIZE;
        for (int i = 0; i < ROW_PAIRS; i++) {
            for (int p = 0; p < 4; p++) {
                long low = shiftedRow(planes[p], 2 * i - dy, dx, n) & 0xFFFFFFFFL;
                long high = shiftedRow(planes[p], 2 * i + 1 - dy, dx, n) & 0xFFFFFFFFL;
                out[offset + 4 * i + p] = low | high << 32;
            }
        }
    }

    private static int shiftedRow(int[] plane, int source, int dx, int n) {
        if (source < 0 || source >= n) return 0;
        int row = plane[source];
        return dx >= 0 ? row << dx : row >>> -dx;
    }

    /**
     * The map rotated by {@code degrees} about the grid centre (nearest cell). Orientation codes
     * are kept: a rotation well under half the 30-degree orientation step leaves the winning
     * orientation index unchanged. Cells rotated in from outside the grid are invalid.
     */
    public static CodeMap rotated(CodeMap map, double degrees) {
        if (degrees == 0) return map;
        int n = CodeMap.SIZE;
        int[] sources = ROTATION_SOURCES.computeIfAbsent(degrees, PackedCode::rotationSources);
        int[][] planes = {map.bit0(), map.bit1(), map.bit2(), map.valid()};
        int[][] out = new int[4][n];
        // Branch-free bit moves: a test per bit mispredicts on half the cells of a real code.
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                int source = sources[r * n + col];
                if (source < 0) continue; // the same cells for every probe: predicted
                int sr = source >>> 5, sc = source & 31; // n = 32
                for (int p = 0; p < 4; p++) out[p][r] |= (planes[p][sr] >>> sc & 1) << col;
            }
        }
        return new CodeMap(out[0], out[1], out[2], out[3]);
    }

    /** Source cell of every output cell, by rotation angle: every probe is rotated by the same few angles. */
    private static final java.util.Map<Double, int[]> ROTATION_SOURCES = new java.util.concurrent.ConcurrentHashMap<>();

    /** For each output cell (row-major), the source cell (row-major) it comes from, or -1 when outside the grid. */
    private static int[] rotationSources(double degrees) {
        int n = CodeMap.SIZE;
        double c = (n - 1) / 2.0;
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        int[] sources = new int[n * n];
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                // inverse mapping: where in the source does this output cell come from
                double x = col - c;
                double y = r - c;
                int sc = (int) Math.round(c + x * cos + y * sin);
                int sr = (int) Math.round(c - x * sin + y * cos);
                sources[r * n + col] = sc < 0 || sr < 0 || sc >= n || sr >= n ? -1 : sr * n + sc;
            }
        }
        return sources;
    }
}
