package org.openpalm.biometrics.engine.index;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.openpalm.biometrics.engine.PackedCode;

/**
 * Gallery snapshot, version 1 (big-endian):
 * <pre>
 *   header  "OPIX", u8 version (1), u8 0, u16 longs per fine code (64)
 *   entries repeated: u8 1, u16 id length L, L bytes id (UTF-8), i32 tag, i64 version,
 *           64 x i64 fine code
 *   end     u8 0, i64 entry count, i32 CRC-32C of every byte before it
 * </pre>
 * Coarse codes are not stored: they are recomputed on load, so the coarse stage may change
 * without a new snapshot version. Reading parses into a fresh {@link Gallery}; the caller swaps
 * it in only when the whole file, checksum included, was valid.
 */
public final class SnapshotCodec {
    public static final int MAGIC = 0x4F504958; // "OPIX"
    public static final int VERSION = 1;
    private static final int MAX_ID_BYTES = 1024;

    /** Why a snapshot was refused. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** Writes the snapshot; the owner calls {@link Writer#segment} for each segment, holding its lock only there. */
    public static final class Writer implements AutoCloseable {
        private final CheckedOutputStream checked;
        private final DataOutputStream out;
        private long count;

        public Writer(OutputStream sink) throws IOException {
            this.checked = new CheckedOutputStream(sink, new CRC32C());
            this.out = new DataOutputStream(checked);
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(0);
            out.writeShort(PackedCode.LONGS);
        }

        /** Serialises one segment to memory (call under the read lock). */
        public static EncodedSegment encodeSegment(Gallery gallery, int seg) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(buffer);
            int[] n = {0};
            try {
                gallery.forEachInSegment(seg, (id, tag, version, fine, offset) -> {
                    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
                    data.writeByte(1);
                    data.writeShort(idBytes.length);
                    data.write(idBytes);
                    data.writeInt(tag);
                    data.writeLong(version);
                    for (int i = 0; i < PackedCode.LONGS; i++) data.writeLong(fine[offset + i]);
                    n[0]++;
                });
            } catch (IOException e) {
                throw new AssertionError("writing to memory cannot fail", e);
            }
            return new EncodedSegment(buffer.toByteArray(), n[0]);
        }

        /** Appends an encoded segment (no lock needed). */
        public void segment(EncodedSegment encoded) throws IOException {
            out.write(encoded.bytes());
            count += encoded.entries();
        }

        @Override
        public void close() throws IOException {
            out.writeByte(0);
            out.writeLong(count);
            out.flush();
            int crc = (int) checked.getChecksum().getValue();
            out.writeInt(crc);
            out.flush();
        }
    }

    /** One segment's entries, serialised. */
    public record EncodedSegment(byte[] bytes, int entries) {}

    /** Parses a whole snapshot into a new gallery. */
    public static Gallery read(InputStream source, int segmentSlots, java.util.function.Predicate<String> validId)
            throws IOException, FormatException {
        CheckedInputStream checked = new CheckedInputStream(source, new CRC32C());
        DataInputStream in = new DataInputStream(checked);
        try {
            int magic = in.readInt();
            if (magic != MAGIC) throw new FormatException("not an OpenPalm index snapshot (magic 0x" + Integer.toHexString(magic) + ")");
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new FormatException("unsupported snapshot version " + version + ", this build reads " + VERSION);
            }
            int reserved = in.readUnsignedByte();
            int longs = in.readUnsignedShort();
            if (reserved != 0 || longs != PackedCode.LONGS) {
                throw new FormatException("snapshot header names " + longs + " longs per code; expected " + PackedCode.LONGS);
            }
            Gallery gallery = new Gallery(segmentSlots);
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            long[] fine = new long[PackedCode.LONGS];
            long entries = 0;
            while (true) {
                int marker = in.readUnsignedByte();
                if (marker == 0) break;
                if (marker != 1) throw new FormatException("corrupt snapshot: bad entry marker " + marker + " after " + entries + " entries");
                int idLength = in.readUnsignedShort();
                if (idLength == 0 || idLength > MAX_ID_BYTES) throw new FormatException("corrupt snapshot: id length " + idLength);
                byte[] idBytes = in.readNBytes(idLength);
                if (idBytes.length != idLength) throw new EOFException();
                String id;
                try {
                    id = decoder.decode(ByteBuffer.wrap(idBytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new FormatException("corrupt snapshot: id is not UTF-8");
                }
                if (!validId.test(id)) throw new FormatException("corrupt snapshot: invalid enrolment id");
                int tag = in.readInt();
                long entryVersion = in.readLong();
                for (int i = 0; i < fine.length; i++) fine[i] = in.readLong();
                if (tag < Gallery.NO_HINT || tag > Gallery.MAX_HINT + 2) throw new FormatException("corrupt snapshot: tag " + tag);
                gallery.load(id, tag, entryVersion, fine, 0);
                entries++;
            }
            long count = in.readLong();
            int expected = (int) checked.getChecksum().getValue();
            int stored = in.readInt();
            if (stored != expected) throw new FormatException("snapshot checksum mismatch: the file is corrupt");
            if (count != entries) throw new FormatException("snapshot says " + count + " entries, holds " + entries);
            if (in.read() != -1) throw new FormatException("trailing bytes after the snapshot checksum");
            return gallery;
        } catch (EOFException e) {
            throw new FormatException("snapshot is truncated");
        }
    }
}
