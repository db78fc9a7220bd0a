package org.openpalm.iso8583;

import java.util.Objects;

/**
 * One row of the spec table: how a data element is laid out on the wire.
 *
 * @param number    field number, 2..128 (1 is the secondary bitmap, handled by the codec)
 * @param name      human name, for error messages
 * @param length    fixed, or variable with a 2- or 3-digit ASCII length prefix
 * @param content   ASCII digits, printable ASCII, or raw bytes
 * @param maxLength the fixed length, or the maximum for variable fields (characters; bytes for binary)
 */
public record FieldSpec(int number, String name, Length length, Content content, int maxLength) {

    /** How the length of a field is known. */
    public enum Length {
        FIXED, LLVAR, LLLVAR;

        int maxAllowed() {
            return switch (this) {
                case FIXED -> 999;
                case LLVAR -> 99;
                case LLLVAR -> 999;
            };
        }
    }

    /** What a field may contain. Binary fields are carried as upper-case hex in {@link IsoMessage}. */
    public enum Content { NUMERIC, ALPHANUMERIC, BINARY }

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(content, "content");
        if (number < 2 || number > 128) {
            throw new IllegalArgumentException("field number must be 2..128, was " + number);
        }
        if (maxLength < 1 || maxLength > length.maxAllowed()) {
            throw new IllegalArgumentException("field " + number + ": maxLength must be 1.." + length.maxAllowed());
        }
    }

    public static FieldSpec fixed(int number, String name, Content content, int length) {
        return new FieldSpec(number, name, Length.FIXED, content, length);
    }

    public static FieldSpec llvar(int number, String name, Content content, int maxLength) {
        return new FieldSpec(number, name, Length.LLVAR, content, maxLength);
    }

    public static FieldSpec lllvar(int number, String name, Content content, int maxLength) {
        return new FieldSpec(number, name, Length.LLLVAR, content, maxLength);
    }

    String label() {
        return "field " + number + " (" + name + ")";
    }
}
