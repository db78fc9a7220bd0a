package org.openpalm.biometrics.engine;

import java.util.Arrays;

/**
 * A 32 x 32 competitive-code map. Each cell holds a 3-bit orientation code and a validity bit.
 * Row {@code r} of a plane is the {@code int} {@code plane[r]}; bit {@code c} is column {@code c}.
 *
 * <p>The 3-bit code of orientation j (of 6) is chosen so that the Hamming distance between two
 * codes equals their angular distance in steps (0..3): 000, 001, 011, 111, 110, 100
 * (Kong and Zhang, "Competitive coding scheme for palmprint verification", ICPR 2004, sec. 3).
 */
public record CodeMap(int[] bit0, int[] bit1, int[] bit2, int[] valid) {
    public static final int SIZE = 32;

    /** The 3-bit angular code of each orientation index. */
    static final int[] ORIENTATION_CODE = {0b000, 0b001, 0b011, 0b111, 0b110, 0b100};

    public CodeMap {
        if (bit0.length != SIZE || bit1.length != SIZE || bit2.length != SIZE || valid.length != SIZE) {
            throw new IllegalArgumentException("every plane needs " + SIZE + " rows");
        }
    }

    public int validCells() {
        int n = 0;
        for (int row : valid) n += Integer.bitCount(row);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodeMap m
                && Arrays.equals(bit0, m.bit0) && Arrays.equals(bit1, m.bit1)
                && Arrays.equals(bit2, m.bit2) && Arrays.equals(valid, m.valid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {
            Arrays.hashCode(bit0), Arrays.hashCode(bit1), Arrays.hashCode(bit2), Arrays.hashCode(valid)});
    }

    @Override
    public String toString() {
        return "CodeMap[" + validCells() + " valid cells]";
    }
}
