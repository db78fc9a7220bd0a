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
 * without a new snapshot version.
 *
 * <p>Version 2 is the snapshot of a protected gallery: the header is followed by the 8-byte
 * protection key id, and each entry's fine code by its 8-long protected coarse code (a protected
 * fine code cannot give the coarse code back). It holds protected codes only. Reading parses into a fresh {@link Gallery}; the caller swaps
 * it in only when the whole file, checksum included, was valid.
 */
public final class SnapshotCodec {
    public static final int MAGIC = 0x4F504958; // "OPIX"
    public static final int VERSION = 1;
    public static final int VERSION_PROTECTED = 2;
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
            this(sink, java.util.Optional.empty());
        }

        /** With a protection key id: version 2, the snapshot of a protected gallery. */
        public Writer(OutputStream sink, java.util.Optional<String> protectionKeyId) throws IOException {
            this.checked = new CheckedOutputStream(sink, new CRC32C());
            this.out = new DataOutputStream(checked);
            out.writeInt(MAGIC);
            out.writeByte(protectionKeyId.isPresent() ? VERSION_PROTECTED : VERSION);
            out.writeByte(0);
            out.writeShort(PackedCode.LONGS);
            if (protectionKeyId.isPresent()) out.write(java.util.HexFormat.of().parseHex(protectionKeyId.get()));
        }

        public static EncodedSegment encodeSegment(Gallery gallery, int seg) {
            return encodeSegment(gallery, seg, false);
        }

        /** Serialises one segment to memory (call under the read lock); with coarse codes for version 2. */
        public static EncodedSegment encodeSegment(Gallery gallery, int seg, boolean withCoarse) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(buffer);
            int[] n = {0};
            try {
                gallery.forEachInSegment(seg, (id, tag, version, fine, offset, coarse) -> {
                    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
                    data.writeByte(1);
                    data.writeShort(idBytes.length);
                    data.write(idBytes);
                    data.writeInt(tag);
                    data.writeLong(version);
                    for (int i = 0; i < PackedCode.LONGS; i++) data.writeLong(fine[offset + i]);
                    if (withCoarse) for (long v : coarse) data.writeLong(v);
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
        return read(source, segmentSlots, validId, java.util.Optional.empty());
    }

    /**
     * Parses a snapshot of a gallery protected with {@code protectionKeyId} (version 2), or of a
     * plain gallery (version 1) when it is empty; any other snapshot is refused.
     */
    public static Gallery read(InputStream source, int segmentSlots, java.util.function.Predicate<String> validId,
            java.util.Optional<String> protectionKeyId) throws IOException, FormatException {
        CheckedInputStream checked = new CheckedInputStream(source, new CRC32C());
        DataInputStream in = new DataInputStream(checked);
        try {
            int magic = in.readInt();
            if (magic != MAGIC) throw new FormatException("not an OpenPalm index snapshot (magic 0x" + Integer.toHexString(magic) + ")");
            int version = in.readUnsignedByte();
            int expectedVersion = protectionKeyId.isPresent() ? VERSION_PROTECTED : VERSION;
            if (version != expectedVersion) {
                throw new FormatException(version == VERSION || version == VERSION_PROTECTED
                        ? "snapshot is of a " + (version == VERSION ? "plain" : "protected") + " gallery, this index is "
                                + (protectionKeyId.isPresent() ? "protected" : "plain")
                        : "unsupported snapshot version " + version + ", this build reads " + VERSION + " and " + VERSION_PROTECTED);
            }
            int reserved = in.readUnsignedByte();
            int longs = in.readUnsignedShort();
            if (reserved != 0 || longs != PackedCode.LONGS) {
                throw new FormatException("snapshot header names " + longs + " longs per code; expected " + PackedCode.LONGS);
            }
            if (protectionKeyId.isPresent()) {
                byte[] keyId = in.readNBytes(8);
                if (keyId.length != 8) throw new EOFException();
                String stored = java.util.HexFormat.of().formatHex(keyId);
                if (!stored.equals(protectionKeyId.get())) {
                    throw new FormatException("snapshot is protected with key " + stored + ", this index uses " + protectionKeyId.get());
                }
            }
            long[] coarse = new long[CoarseCode.LONGS];
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
                if (protectionKeyId.isPresent()) for (int i = 0; i < coarse.length; i++) coarse[i] = in.readLong();
                if (tag < Gallery.NO_HINT || tag > Gallery.MAX_HINT + 2) throw new FormatException("corrupt snapshot: tag " + tag);
                if (protectionKeyId.isPresent()) gallery.load(id, tag, entryVersion, fine, 0, coarse);
                else gallery.load(id, tag, entryVersion, fine, 0);
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
