package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Templates stored before issue 13 (format version 1) had their fragile cells masked; they are
 * read with every cell valid, which is exactly the template today's extractor makes.
 */
class TemplateUpgradeProperties {

    @Property(tries = 30)
    void aVersionOneTemplateReadsAsTodaysTemplateOfTheSameRoi(@ForAll long seed) throws TemplateFormatException {
        PalmTemplate today = PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(seed));
        // Offset 8 + 3 * 128: the validity plane, 32 rows of 4 bytes; mask cells as v1 did.
        byte[] v1 = asVersionOne(today.toBytes(), 8 + 3 * 128, 128, seed);

        PalmTemplate read = PalmTemplate.fromBytes(v1);

        assertThat(read).isEqualTo(today);
        assertThat(new PalmMatcher(read).match(today)).isEqualTo(100.0);
    }

    @Property(tries = 30)
    void aVersionOneProtectedTemplateReadsAsTodaysProtectedTemplate(@ForAll long seed) throws TemplateFormatException {
        TemplateProtectionKey key = TemplateProtectionKey.of(keyBytes(seed));
        PalmTemplate today = PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(seed));
        byte[] bytes = key.protect(today).toBytes();
        // The fine code at offset 16: 64 longs, every fourth the validity plane; clear some bits of those.
        byte[] v1 = bytes.clone();
        Random random = new Random(seed);
        for (int i = 3; i < 64; i += 4) {
            int at = 16 + 8 * i;
            long valid = ByteBuffer.wrap(v1, at, 8).getLong() & random.nextLong();
            ByteBuffer.wrap(v1, at, 8).putLong(valid);
        }
        v1 = withVersionOneAndChecksum(v1);

        ProtectedTemplate read = ProtectedTemplate.fromBytes(v1);

        assertThat(read).isEqualTo(key.protect(today));
    }

    @Property(tries = 10)
    void todaysTemplatesAreWrittenAsVersionTwo(@ForAll long seed) {
        assertThat(PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(seed)).toBytes()[4]).isEqualTo((byte) 2);
    }

    /** The bytes with some validity bits cleared (as a fragile mask would), version 1, checksum redone. */
    private static byte[] asVersionOne(byte[] bytes, int planeOffset, int planeBytes, long seed) {
        byte[] out = bytes.clone();
        Random random = new Random(seed);
        for (int i = 0; i < planeBytes; i++) out[planeOffset + i] &= (byte) random.nextInt(256);
        return withVersionOneAndChecksum(out);
    }

    private static byte[] withVersionOneAndChecksum(byte[] bytes) {
        byte[] out = bytes.clone();
        out[4] = 1;
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out, out.length - 4, 4).putInt((int) crc.getValue());
        return out;
    }

    private static byte[] keyBytes(long seed) {
        byte[] key = new byte[TemplateProtectionKey.KEY_BYTES];
        new Random(seed).nextBytes(key);
        return key;
    }
}
