package org.openpalm.iso8583.jpos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jpos.iso.ISOMsg;
import org.openpalm.iso8583.FieldSpec;
import org.openpalm.iso8583.IsoCodec;
import org.openpalm.iso8583.IsoMessage;
import org.openpalm.iso8583.MessageSpec;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkMessage;
import org.openpalm.iso8583.TestMessages;

/** Our codec and jPOS with the mirrored packager produce and accept the same bytes. */
class JposCodecInteropProperties {
    private static final IsoCodec OURS = IsoCodec.openPalm();
    private static final OpenPalmJposPackager JPOS = new OpenPalmJposPackager();

    @Property(tries = 300)
    void jposPacksTheSameBytesAndReadsOurs(@ForAll("messages") IsoMessage message) throws Exception {
        byte[] ours = OURS.pack(message);
        ISOMsg j = JposBridge.toJpos(message);
        j.setPackager(JPOS);
        assertThat(j.pack()).isEqualTo(ours);
        ISOMsg back = new ISOMsg();
        back.setPackager(JPOS);
        back.unpack(ours);
        back.setPackager(JPOS);
        assertThat(back.pack()).isEqualTo(ours);
        assertThat(OURS.unpack(j.pack())).isEqualTo(message);
    }

    @Property(tries = 200)
    void typedMessagesSurviveJpos(@ForAll("typed") NetworkMessage message) throws Exception {
        NetworkCodec codec = NetworkCodec.openPalm();
        byte[] ours = codec.encode(message);
        ISOMsg j = new ISOMsg();
        j.setPackager(JPOS);
        j.unpack(ours);
        assertThat(codec.decode(j.pack())).isEqualTo(message);
    }

    @Provide
    Arbitrary<NetworkMessage> typed() {
        return TestMessages.arbitraryMessages();
    }

    @Provide
    Arbitrary<IsoMessage> messages() {
        Arbitrary<String> mti = Arbitraries.of("0100", "0110", "0200", "0210", "0220", "0230", "0400", "0410", "0800", "0810");
        List<FieldSpec> specs = new ArrayList<>(MessageSpec.openPalm().ordered());
        Arbitrary<List<FieldSpec>> subset = Arbitraries.of(specs).list().uniqueElements().ofMinSize(1).ofMaxSize(specs.size());
        return Combinators.combine(mti, subset).flatAs((m, fs) -> {
            List<Arbitrary<String>> values = fs.stream().map(JposCodecInteropProperties::value).toList();
            return Combinators.combine(values).as(vs -> {
                TreeMap<Integer, String> fields = new TreeMap<>();
                for (int i = 0; i < fs.size(); i++) {
                    fields.put(fs.get(i).number(), vs.get(i));
                }
                return new IsoMessage(m, fields);
            });
        });
    }

    /** Values jPOS keeps as given: non-empty, and fixed text fields without trailing spaces (IF_CHAR trims them). */
    private static Arbitrary<String> value(FieldSpec fs) {
        int min = fs.length() == FieldSpec.Length.FIXED ? fs.maxLength() : 1;
        int max = Math.min(fs.maxLength(), 120);
        return switch (fs.content()) {
            case NUMERIC -> Arbitraries.strings().numeric().ofMinLength(min).ofMaxLength(Math.max(min, max));
            case ALPHANUMERIC -> Arbitraries.strings().withCharRange('!', '~').ofMinLength(min).ofMaxLength(Math.max(min, max));
            case BINARY -> Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(fs.maxLength())
                    .map(b -> java.util.HexFormat.of().withUpperCase().formatHex(b));
        };
    }
}
