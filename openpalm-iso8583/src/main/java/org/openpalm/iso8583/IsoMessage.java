package org.openpalm.iso8583;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An untyped ISO 8583 message as the codec sees it: the MTI and the present data elements as
 * strings (binary fields as upper-case hex). Immutable. Lives only at the edge: the link turns it
 * into a typed {@link NetworkMessage} straight away.
 *
 * <p>{@link #toString()} masks field 2 (card number or token: first 6 and last 4 at most) and hides
 * fields 48, 52 and 128 (length only).
 */
public record IsoMessage(String mti, SortedMap<Integer, String> fields) {

    public IsoMessage {
        if (mti == null || !mti.matches("[0-9]{4}")) {
            throw new IsoCodecException("MTI must be 4 digits");
        }
        TreeMap<Integer, String> copy = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IsoCodecException("field numbers and values must not be null");
            }
            if (k < 2 || k > 128) {
                throw new IsoCodecException("field number must be 2..128, was " + k);
            }
            copy.put(k, v);
        });
        fields = Collections.unmodifiableSortedMap(copy);
    }

    public static IsoMessage of(String mti, Map<Integer, String> fields) {
        return new IsoMessage(mti, new TreeMap<>(fields));
    }

    public Optional<String> field(int number) {
        return Optional.ofNullable(fields.get(number));
    }

    public boolean has(int number) {
        return fields.containsKey(number);
    }

    /** The value of a mandatory field, or an {@link IsoCodecException} naming the missing field. */
    public String require(int number) {
        String v = fields.get(number);
        if (v == null) {
            throw new IsoCodecException("message " + mti + " lacks mandatory field " + number);
        }
        return v;
    }

    public IsoMessage with(int number, String value) {
        TreeMap<Integer, String> copy = new TreeMap<>(fields);
        copy.put(number, value);
        return new IsoMessage(mti, copy);
    }

    public IsoMessage withMti(String newMti) {
        return new IsoMessage(newMti, fields);
    }

    @Override
    public String toString() {
        return "IsoMessage[mti=" + mti + ", " + fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + masked(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}")) + "]";
    }

    static String masked(int field, String value) {
        return switch (field) {
            case 2 -> Masking.pan(value);
            case 48, 52, 128 -> "[" + value.length() + " chars hidden]";
            default -> value;
        };
    }
}
