package org.openpalm.iso8583;

import static org.openpalm.iso8583.FieldSpec.Content.ALPHANUMERIC;
import static org.openpalm.iso8583.FieldSpec.Content.BINARY;
import static org.openpalm.iso8583.FieldSpec.Content.NUMERIC;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The spec table: field number to layout. Data, not code: the codec is driven entirely by it.
 *
 * <p>{@link #openPalm()} is the OpenPalm network spec: ISO 8583:1987, 4-digit ASCII MTI, binary
 * primary and secondary bitmaps, ASCII numeric and alphanumeric fields, ASCII decimal length
 * prefixes. It is wire-compatible with a jPOS {@code ISOBasePackager} using IFA_NUMERIC, IFB_BITMAP,
 * IFA_LLNUM, IF_CHAR, IFA_LLLCHAR and IFB_BINARY for the same fields.
 */
public record MessageSpec(Map<Integer, FieldSpec> fields) {

    public MessageSpec {
        fields = Map.copyOf(fields);
        fields.forEach((k, v) -> {
            if (k != v.number()) {
                throw new IllegalArgumentException("spec key " + k + " holds field " + v.number());
            }
        });
    }

    public static MessageSpec of(Collection<FieldSpec> specs) {
        return new MessageSpec(specs.stream().collect(Collectors.toMap(FieldSpec::number, Function.identity())));
    }

    public Optional<FieldSpec> field(int number) {
        return Optional.ofNullable(fields.get(number));
    }

    /** The fields in number order (for documentation and for building mirror packagers). */
    public Collection<FieldSpec> ordered() {
        return new TreeMap<>(fields).values();
    }

    private static final MessageSpec OPENPALM = of(java.util.List.of(
            FieldSpec.llvar(2, "primary account number (network token)", NUMERIC, 19),
            FieldSpec.fixed(3, "processing code", NUMERIC, 6),
            FieldSpec.fixed(4, "amount, transaction", NUMERIC, 12),
            FieldSpec.fixed(7, "transmission date and time MMDDhhmmss UTC", NUMERIC, 10),
            FieldSpec.fixed(11, "system trace audit number", NUMERIC, 6),
            FieldSpec.fixed(12, "local transaction time hhmmss", NUMERIC, 6),
            FieldSpec.fixed(13, "local transaction date MMDD", NUMERIC, 4),
            FieldSpec.fixed(14, "expiration date YYMM", NUMERIC, 4),
            FieldSpec.fixed(22, "point of service entry mode", NUMERIC, 3),
            FieldSpec.fixed(25, "point of service condition code", NUMERIC, 2),
            FieldSpec.llvar(32, "acquiring institution id", NUMERIC, 11),
            FieldSpec.fixed(37, "retrieval reference number", ALPHANUMERIC, 12),
            FieldSpec.fixed(38, "authorisation id response", ALPHANUMERIC, 6),
            FieldSpec.fixed(39, "response code", ALPHANUMERIC, 2),
            FieldSpec.fixed(41, "card acceptor terminal id", ALPHANUMERIC, 8),
            FieldSpec.fixed(42, "card acceptor id", ALPHANUMERIC, 15),
            FieldSpec.lllvar(48, "additional data, private (payment account reference)", ALPHANUMERIC, 999),
            FieldSpec.fixed(49, "currency code, transaction", NUMERIC, 3),
            FieldSpec.fixed(52, "PIN data", BINARY, 8),
            FieldSpec.fixed(70, "network management information code", NUMERIC, 3),
            FieldSpec.fixed(90, "original data elements", NUMERIC, 42),
            FieldSpec.fixed(128, "message authentication code", BINARY, 8)));

    public static MessageSpec openPalm() {
        return OPENPALM;
    }
}
