package org.openpalm.iso8583;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packs and unpacks {@link IsoMessage}s according to a {@link MessageSpec}: 4-digit ASCII MTI,
 * 8-byte binary primary bitmap, an 8-byte binary secondary bitmap when any field above 64 is
 * present (bit 1), then the fields in order. Thread-safe and stateless.
 *
 * <p>Every malformed input is refused with an {@link IsoCodecException} that names the field and
 * the rule: a truncated frame, a length prefix that lies, a bitmap naming a field the spec does not
 * define, non-digits in a numeric field, trailing bytes after the last field.
 */
public final class IsoCodec {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final MessageSpec spec;

    public IsoCodec(MessageSpec spec) {
        this.spec = spec;
    }

    public static IsoCodec openPalm() {
        return new IsoCodec(MessageSpec.openPalm());
    }

    public MessageSpec spec() {
        return spec;
    }

    public byte[] pack(IsoMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(message.mti().getBytes(StandardCharsets.US_ASCII));
        boolean secondary = message.fields().keySet().stream().anyMatch(f -> f > 64);
        byte[] bitmap = new byte[secondary ? 16 : 8];
        if (secondary) {
            bitmap[0] |= (byte) 0x80;
        }
        for (int f : message.fields().keySet()) {
            bitmap[(f - 1) / 8] |= (byte) (0x80 >>> ((f - 1) % 8));
        }
        out.writeBytes(bitmap);
        for (Map.Entry<Integer, String> e : message.fields().entrySet()) {
            FieldSpec fs = spec.field(e.getKey()).orElseThrow(
                    () -> new IsoCodecException("field " + e.getKey() + " is not defined by the spec"));
            packField(fs, e.getValue(), out);
        }
        return out.toByteArray();
    }

    private static void packField(FieldSpec fs, String value, ByteArrayOutputStream out) {
        byte[] data = switch (fs.content()) {
            case NUMERIC -> {
                checkNumeric(fs, value);
                yield value.getBytes(StandardCharsets.US_ASCII);
            }
            case ALPHANUMERIC -> {
                checkPrintable(fs, value);
                yield value.getBytes(StandardCharsets.US_ASCII);
            }
            case BINARY -> {
                if (value.length() % 2 != 0 || !value.matches("[0-9A-Fa-f]*")) {
                    throw new IsoCodecException(fs.label() + " is binary and must be given as an even-length hex string");
                }
                yield HEX.parseHex(value);
            }
        };
        int len = data.length;
        switch (fs.length()) {
            case FIXED -> {
                if (len != fs.maxLength()) {
                    throw new IsoCodecException(fs.label() + " must be exactly " + fs.maxLength() + unit(fs) + ", was " + len);
                }
            }
            case LLVAR, LLLVAR -> {
                if (len > fs.maxLength()) {
                    throw new IsoCodecException(fs.label() + " may be at most " + fs.maxLength() + unit(fs) + ", was " + len);
                }
                int digits = fs.length() == FieldSpec.Length.LLVAR ? 2 : 3;
                out.writeBytes(String.format("%0" + digits + "d", len).getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes(data);
    }

    private static String unit(FieldSpec fs) {
        return switch (fs.content()) {
            case BINARY -> " bytes";
            case NUMERIC, ALPHANUMERIC -> " characters";
        };
    }

    private static void checkNumeric(FieldSpec fs, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IsoCodecException(fs.label() + " is numeric but has a non-digit at position " + (i + 1));
            }
        }
    }

    private static void checkPrintable(FieldSpec fs, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IsoCodecException(fs.label() + " must be printable ASCII but has code "
                        + (int) c + " at position " + (i + 1));
            }
        }
    }

    public IsoMessage unpack(byte[] frame) {
        Reader r = new Reader(frame);
        String mti = r.ascii(4, "MTI");
        for (int i = 0; i < 4; i++) {
            if (!Character.isDigit(mti.charAt(i)) || mti.charAt(i) > '9') {
                throw new IsoCodecException("MTI must be 4 ASCII digits");
            }
        }
        byte[] primary = r.bytes(8, "primary bitmap");
        boolean secondary = (primary[0] & 0x80) != 0;
        byte[] bitmap = secondary ? concat(primary, r.bytes(8, "secondary bitmap")) : primary;
        TreeMap<Integer, String> fields = new TreeMap<>();
        int maxField = bitmap.length * 8;
        for (int f = 2; f <= maxField; f++) {
            if ((bitmap[(f - 1) / 8] & (0x80 >>> ((f - 1) % 8))) == 0) {
                continue;
            }
            final int field = f;
            FieldSpec fs = spec.field(f).orElseThrow(() -> new IsoCodecException(
                    "bitmap names field " + field + ", which the spec does not define"));
            fields.put(f, unpackField(fs, r));
        }
        if (r.remaining() > 0) {
            throw new IsoCodecException(r.remaining() + " unexpected trailing bytes after the last field");
        }
        return new IsoMessage(mti, fields);
    }

    private static String unpackField(FieldSpec fs, Reader r) {
        int len = switch (fs.length()) {
            case FIXED -> fs.maxLength();
            case LLVAR, LLLVAR -> {
                int digits = fs.length() == FieldSpec.Length.LLVAR ? 2 : 3;
                String prefix = r.ascii(digits, fs.label() + " length prefix");
                if (!prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IsoCodecException(fs.label() + " length prefix is not " + digits + " ASCII digits");
                }
                int declared = Integer.parseInt(prefix);
                if (declared > fs.maxLength()) {
                    throw new IsoCodecException(fs.label() + " declares length " + declared
                            + ", above its maximum " + fs.maxLength());
                }
                yield declared;
            }
        };
        return switch (fs.content()) {
            case BINARY -> HEX.formatHex(r.bytes(len, fs.label()));
            case NUMERIC -> {
                String v = r.ascii(len, fs.label());
                checkNumeric(fs, v);
                yield v;
            }
            case ALPHANUMERIC -> {
                String v = r.ascii(len, fs.label());
                checkPrintable(fs, v);
                yield v;
            }
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        byte[] bytes(int n, String what) {
            if (n > remaining()) {
                throw new IsoCodecException("frame truncated in " + what + ": needs " + n
                        + " bytes, " + remaining() + " left");
            }
            byte[] out = new byte[n];
            System.arraycopy(data, pos, out, 0, n);
            pos += n;
            return out;
        }

        String ascii(int n, String what) {
            byte[] b = bytes(n, what);
            for (byte x : b) {
                if (x < 0x20 || x > 0x7E) {
                    throw new IsoCodecException(what + " must be printable ASCII but has byte 0x"
                            + HEX.toHexDigits(x));
                }
            }
            return new String(b, StandardCharsets.US_ASCII);
        }
    }
}
