package org.openpalm.biometrics.engine;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.openpalm.biometrics.TemplateFormatException;

/**
 * Serialized template, version 1 (524 bytes, big-endian):
 * <pre>
 *   0  4  magic "OPTM"
 *   4  1  format version (1)
 *   5  1  grid side in cells (32)
 *   6  1  orientations (6)
 *   7  1  reserved, 0
 *   8  512 planes bit0, bit1, bit2, valid; 32 rows of 4 bytes each
 * 520  4  CRC-32C of bytes 0..519 (detects every single-byte change)
 * </pre>
 */
public final class TemplateCodec {
    public static final int MAGIC = 0x4F50544D; // "OPTM"
    public static final int VERSION = 1;
    public static final int PAYLOAD_BYTES = 4 * CodeMap.SIZE * 4;
    public static final int SIZE_BYTES = 8 + PAYLOAD_BYTES + 4;

    private TemplateCodec() {}

    public static byte[] write(CodeMap map) {
        ByteBuffer out = ByteBuffer.allocate(SIZE_BYTES);
        out.putInt(MAGIC).put((byte) VERSION).put((byte) CodeMap.SIZE).put((byte) 6).put((byte) 0);
        for (int[] plane : new int[][] {map.bit0(), map.bit1(), map.bit2(), map.valid()}) {
            for (int row : plane) out.putInt(row);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, SIZE_BYTES - 4);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    public static CodeMap read(byte[] bytes) throws TemplateFormatException {
        if (bytes == null || bytes.length < 8) {
            throw new TemplateFormatException("template too short: " + (bytes == null ? 0 : bytes.length)
                    + " bytes, a header alone is 8");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new TemplateFormatException("not an OpenPalm template (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new TemplateFormatException("unsupported template version " + version + ", this build reads " + VERSION);
        }
        if (bytes.length != SIZE_BYTES) {
            throw new TemplateFormatException("template version 1 is " + SIZE_BYTES + " bytes, got " + bytes.length
                    + (bytes.length < SIZE_BYTES ? " (truncated)" : " (trailing bytes)"));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE_BYTES - 4);
        int stored = ByteBuffer.wrap(bytes, SIZE_BYTES - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new TemplateFormatException("template checksum mismatch: the bytes are corrupt");
        }
        int grid = in.get() & 0xFF;
        int orientations = in.get() & 0xFF;
        int reserved = in.get() & 0xFF;
        if (grid != CodeMap.SIZE || orientations != 6 || reserved != 0) {
            throw new TemplateFormatException("template header names grid " + grid + ", " + orientations
                    + " orientations, reserved " + reserved + "; expected 32, 6, 0");
        }
        int[][] planes = new int[4][CodeMap.SIZE];
        for (int[] plane : planes) {
            for (int r = 0; r < CodeMap.SIZE; r++) plane[r] = in.getInt();
        }
        return new CodeMap(planes[0], planes[1], planes[2], planes[3]);
    }
}
