package org.openpalm.iso8583;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IsoCodecProperties {
    private static final IsoCodec CODEC = IsoCodec.openPalm();

    @Property(tries = 500)
    void packThenUnpackIsIdentity(@ForAll("messages") IsoMessage message) {
        assertThat(CODEC.unpack(CODEC.pack(message))).isEqualTo(message);
    }

    @Property(tries = 300)
    void typedEncodeThenDecodeIsIdentity(@ForAll("typed") NetworkMessage message) {
        NetworkCodec codec = NetworkCodec.openPalm();
        assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
    }

    @Property(tries = 2000)
    void randomBytesNeverCrashTheDecoder(@ForAll @Size(max = 300) byte[] frame) {
        decodeOrCodecException(frame);
    }

    @Property(tries = 1000)
    void mutatedValidFramesNeverCrashTheDecoder(@ForAll("messages") IsoMessage message,
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] frame = CODEC.pack(message);
        frame[position % frame.length] = value;
        decodeOrCodecException(frame);
        decodeOrCodecException(java.util.Arrays.copyOf(frame, cut % (frame.length + 1)));
    }

    @Property(tries = 300)
    void everyTruncationIsRefusedWithTheCodecsException(@ForAll("messages") IsoMessage message) {
        byte[] frame = CODEC.pack(message);
        for (int len = 0; len < frame.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(frame, len);
            assertThatThrownBy(() -> CODEC.unpack(cut)).isInstanceOf(IsoCodecException.class);
        }
    }

    private static void decodeOrCodecException(byte[] frame) {
        try {
            NetworkCodec.openPalm().decode(frame);
        } catch (IsoCodecException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<IsoMessage> messages() {
        Arbitrary<String> mti = Arbitraries.strings().numeric().ofLength(4);
        List<FieldSpec> specs = new ArrayList<>(MessageSpec.openPalm().ordered());
        Arbitrary<List<FieldSpec>> subset = Arbitraries.of(specs).list().uniqueElements().ofMaxSize(specs.size());
        return Combinators.combine(mti, subset).flatAs((m, fs) -> {
            List<Arbitrary<String>> values = fs.stream().map(IsoCodecProperties::value).toList();
            return Combinators.combine(values).as(vs -> {
                TreeMap<Integer, String> fields = new TreeMap<>();
                for (int i = 0; i < fs.size(); i++) {
                    fields.put(fs.get(i).number(), vs.get(i));
                }
                return new IsoMessage(m, fields);
            });
        });
    }

    static Arbitrary<String> value(FieldSpec fs) {
        int min = fs.length() == FieldSpec.Length.FIXED ? fs.maxLength() : 0;
        int max = fs.maxLength();
        return switch (fs.content()) {
            case NUMERIC -> Arbitraries.strings().numeric().ofMinLength(min).ofMaxLength(max);
            case ALPHANUMERIC -> Arbitraries.strings().withCharRange(' ', '~')
                    .ofMinLength(min).ofMaxLength(Math.max(min, Math.min(max, 120)));
            case BINARY -> Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max)
                    .map(b -> java.util.HexFormat.of().withUpperCase().formatHex(b));
        };
    }

    @Provide
    Arbitrary<NetworkMessage> typed() {
        return TestMessages.arbitraryMessages();
    }
}
