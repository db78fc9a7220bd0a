package org.openpalm.iso8583;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsoCodecTest {
    private final IsoCodec codec = IsoCodec.openPalm();
    private final NetworkCodec network = NetworkCodec.openPalm();

    private static byte[] frame(String mti, String bitmapHex, String body) {
        byte[] m = mti.getBytes(StandardCharsets.US_ASCII);
        byte[] b = HexFormat.of().parseHex(bitmapHex);
        byte[] d = body.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[m.length + b.length + d.length];
        System.arraycopy(m, 0, out, 0, m.length);
        System.arraycopy(b, 0, out, m.length, b.length);
        System.arraycopy(d, 0, out, m.length + b.length, d.length);
        return out;
    }

    @Test
    void packsMtiBinaryBitmapAndAsciiFields() {
        IsoMessage m = IsoMessage.of("0800", Map.of(7, "0102030405", 11, "000001", 70, "301"));
        byte[] packed = codec.pack(m);
        // bit 1 (secondary), 7, 11 in the primary; 70 in the secondary.
        assertThat(HexFormat.of().formatHex(packed, 4, 20)).isEqualTo("82200000000000000400000000000000");
        assertThat(new String(packed, 20, packed.length - 20, StandardCharsets.US_ASCII)).isEqualTo("0102030405000001301");
        assertThat(codec.unpack(packed)).isEqualTo(m);
    }

    @Test
    void llvarCarriesItsLength() {
        IsoMessage m = IsoMessage.of("0100", Map.of(2, "4000000000000002"));
        byte[] packed = codec.pack(m);
        assertThat(new String(packed, 12, packed.length - 12, StandardCharsets.US_ASCII)).isEqualTo("164000000000000002");
    }

    @Test
    void refusesLengthThatLies() {
        // Field 2 says 19 digits, only 5 follow.
        assertThatThrownBy(() -> codec.unpack(frame("0100", "4000000000000000", "1912345")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("truncated").hasMessageContaining("field 2");
        // Field 2 declares 25, above its maximum 19.
        assertThatThrownBy(() -> codec.unpack(frame("0100", "4000000000000000", "25" + "1".repeat(25))))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("above its maximum 19");
        // Length prefix not digits.
        assertThatThrownBy(() -> codec.unpack(frame("0100", "4000000000000000", "1X1234")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("length prefix");
    }

    @Test
    void refusesBitmapNamingAbsentField() {
        // Bits for fields 3 and 4; only field 3 follows.
        assertThatThrownBy(() -> codec.unpack(frame("0100", "3000000000000000", "000000")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("field 4");
    }

    @Test
    void refusesBitmapNamingUndefinedField() {
        // Field 5 is not in the spec.
        assertThatThrownBy(() -> codec.unpack(frame("0100", "0800000000000000", "000000000001")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("field 5, which the spec does not define");
    }

    @Test
    void refusesNonNumericNumericField() {
        assertThatThrownBy(() -> codec.unpack(frame("0100", "2000000000000000", "00A000")))
                .isInstanceOf(IsoCodecException.class)
                .hasMessage("field 3 (processing code) is numeric but has a non-digit at position 3");
        assertThatThrownBy(() -> codec.pack(IsoMessage.of("0100", Map.of(4, "00000000010x"))))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("non-digit");
    }

    @Test
    void refusesTrailingBytesAndBadMti() {
        assertThatThrownBy(() -> codec.unpack(frame("0100", "2000000000000000", "000000XYZ")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> codec.unpack(frame("01A0", "0000000000000000", "")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("MTI");
        assertThatThrownBy(() -> codec.unpack(new byte[] {0x30, 0x31}))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("truncated");
    }

    @Test
    void refusesWrongFixedLengthOnPack() {
        assertThatThrownBy(() -> codec.pack(IsoMessage.of("0100", Map.of(41, "SHORT"))))
                .isInstanceOf(IsoCodecException.class).hasMessage("field 41 (card acceptor terminal id) must be exactly 8 characters, was 5");
    }

    @Test
    void typedLayerRefusesUnknownResponseCodeAndMti() {
        IsoMessage m = network.toIso(new NetworkManagementResponse(new Stan(1), java.time.Instant.now(),
                NetworkManagementCode.ECHO, ResponseCode.APPROVED)).with(39, "99");
        assertThatThrownBy(() -> network.fromIso(m)).isInstanceOf(IsoCodecException.class)
                .hasMessageContaining("response code '99'");
        assertThatThrownBy(() -> network.decode(codec.pack(IsoMessage.of("0300", Map.of()))))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("MTI 0300");
        assertThatThrownBy(() -> network.fromIso(without(m, 70)))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("lacks mandatory field 70");
    }

    private static IsoMessage without(IsoMessage m, int field) {
        java.util.TreeMap<Integer, String> f = new java.util.TreeMap<>(m.fields());
        f.remove(field);
        return new IsoMessage(m.mti(), f);
    }

    @Test
    void refundIs0200WithProcessingCode20AndOther0200IsRefused() {
        NetworkToken token = new NetworkToken("4895370000000001");
        RefundRequest refund = new RefundRequest(TestMessages.transaction(TransactionType.REFUND, token, 500,
                new Stan(7), TestMessages.ACCEPTOR));
        IsoMessage iso = network.toIso(refund);
        assertThat(iso.mti()).isEqualTo("0200");
        assertThat(iso.require(3)).isEqualTo("200000");
        assertThatThrownBy(() -> network.fromIso(iso.with(3, "000000")))
                .isInstanceOf(IsoCodecException.class).hasMessageContaining("expected 20xxxx");
    }

    @Test
    void cardDataIsMaskedInToStringAndErrors() {
        CardNumber card = new CardNumber("4000000000000002");
        NetworkToken token = new NetworkToken("4895370000000001");
        assertThat(card.toString()).doesNotContain("4000000000000002").contains("400000").contains("0002");
        assertThat(token.toString()).isEqualTo("NetworkToken[489537******0001]");
        AuthorisationRequest req = new AuthorisationRequest(TestMessages.purchase(token, 100, new Stan(1)));
        assertThat(req.toString()).doesNotContain("4895370000000001");
        assertThat(network.toIso(req).toString()).doesNotContain("4895370000000001").contains("489537******0001");
        TokenisationRequest tr = new TokenisationRequest(card, java.time.YearMonth.of(2030, 1), new Stan(2),
                java.time.Instant.now(), new TerminalId("TERM0001"));
        assertThat(network.toIso(tr).toString()).doesNotContain("4000000000000002");
        assertThatThrownBy(() -> new CardNumber("4000000000000003"))
                .hasMessageNotContaining("4000000000000003");
    }
}
