package org.openpalm.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.openpalm.biometrics.Hint;
import org.openpalm.biometrics.ProtectedTemplate;
import org.openpalm.biometrics.TemplateFormatException;

/**
 * One enrolment as the cluster map holds it: the hint's tag and the enrolment's templates,
 * protected (never a plain template in the map, its backups or on the wire between members).
 * The map value is {@link #toBytes()}: byte arrays need no custom serializer on any member.
 */
record PalmRecord(Hint hint, List<ProtectedTemplate> templates) {
    private static final byte VERSION = 1;
    static final int MAX_TEMPLATES = 127;

    PalmRecord {
        if (hint == null) throw new IllegalArgumentException("hint is required");
        templates = List.copyOf(templates);
        if (templates.isEmpty() || templates.size() > MAX_TEMPLATES) {
            throw new IllegalArgumentException("1.." + MAX_TEMPLATES + " templates per enrolment");
        }
    }

    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 1 + templates.size() * ProtectedTemplate.SIZE_BYTES);
        out.put(VERSION).putInt(hint.value()).put((byte) templates.size());
        for (ProtectedTemplate t : templates) out.put(t.toBytes());
        return out.array();
    }

    static PalmRecord fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 6 || in.get() != VERSION) throw new IllegalStateException("not a palm record of version " + VERSION);
        Hint hint = Hint.of(in.getInt());
        int count = in.get();
        if (count < 1 || bytes.length != 6 + count * ProtectedTemplate.SIZE_BYTES) {
            throw new IllegalStateException("palm record of " + bytes.length + " bytes does not hold " + count + " templates");
        }
        List<ProtectedTemplate> templates = new ArrayList<>(count);
        byte[] one = new byte[ProtectedTemplate.SIZE_BYTES];
        for (int i = 0; i < count; i++) {
            in.get(one);
            try {
                templates.add(ProtectedTemplate.fromBytes(one));
            } catch (TemplateFormatException e) {
                throw new IllegalStateException("palm record template " + i + ": " + e.getMessage(), e);
            }
        }
        return new PalmRecord(hint, templates);
    }

    /** The number of templates, read without decoding them (removals need only that). */
    static int templateCount(byte[] bytes) {
        return bytes[5];
    }

    @Override
    public String toString() {
        return "PalmRecord[" + templates.size() + " protected template(s)]";
    }
}
