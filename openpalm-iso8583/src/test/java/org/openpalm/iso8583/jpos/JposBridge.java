package org.openpalm.iso8583.jpos;

import java.util.HexFormat;
import java.util.TreeMap;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.openpalm.iso8583.FieldSpec;
import org.openpalm.iso8583.IsoMessage;
import org.openpalm.iso8583.MessageSpec;

/** Copies field values between our IsoMessage and jPOS's ISOMsg (for tests; wire bytes come from each side's own packer). */
final class JposBridge {
    private JposBridge() {}

    static ISOMsg toJpos(IsoMessage m) throws ISOException {
        ISOMsg j = new ISOMsg(m.mti());
        for (var e : m.fields().entrySet()) {
            FieldSpec fs = MessageSpec.openPalm().field(e.getKey()).orElseThrow();
            if (fs.content() == FieldSpec.Content.BINARY) {
                j.set(e.getKey(), HexFormat.of().parseHex(e.getValue()));
            } else {
                j.set(e.getKey(), e.getValue());
            }
        }
        return j;
    }

    static IsoMessage fromJpos(ISOMsg j) throws ISOException {
        TreeMap<Integer, String> f = new TreeMap<>();
        for (int i = 2; i <= 128; i++) {
            if (j.hasField(i)) {
                FieldSpec fs = MessageSpec.openPalm().field(i).orElseThrow();
                f.put(i, fs.content() == FieldSpec.Content.BINARY
                        ? HexFormat.of().withUpperCase().formatHex(j.getBytes(i)) : j.getString(i));
            }
        }
        return new IsoMessage(j.getMTI(), f);
    }
}
