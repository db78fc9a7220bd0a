package org.openpalm.iso8583.jpos;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openpalm.iso8583.AcquirerLink;
import org.openpalm.iso8583.AccountVerificationRequest;
import org.openpalm.iso8583.AccountVerificationResponse;
import org.openpalm.iso8583.AuthorisationRequest;
import org.openpalm.iso8583.SecurityCode;
import org.openpalm.iso8583.AuthorisationResponse;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.FileReversalJournal;
import org.openpalm.iso8583.IsoMessage;
import org.openpalm.iso8583.LinkConfig;
import org.openpalm.iso8583.LinkResult;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkToken;
import org.openpalm.iso8583.ResponseCode;
import org.openpalm.iso8583.ReversalJournal;
import org.openpalm.iso8583.TestMessages;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;

/** jPOS (test scope) on either side of a real loopback socket. */
class JposLinkInteropTest {
    private static final NetworkToken TOKEN = new NetworkToken("4895370000000001");
    private JposIssuerHost host;
    private AcquirerLink link;
    private NetworkSimulator sim;

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (host != null) {
            host.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /**
     * A jPOS issuer host: jPOS NACChannel (2-byte length header) and our spec's packager, one
     * connection at a time. The responder returns the reply or null to stay silent.
     */
    static final class JposIssuerHost implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0);
        final CopyOnWriteArrayList<String> receivedMtis = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile Function<ISOMsg, ISOMsg> responder;

        JposIssuerHost(Function<ISOMsg, ISOMsg> responder) throws Exception {
            this.responder = responder;
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!closed.get()) {
                try {
                    NACChannel channel = new NACChannel(new OpenPalmJposPackager(), null, server);
                    channel.accept(server);
                    while (channel.isConnected()) {
                        ISOMsg m = channel.receive();
                        receivedMtis.add(m.getMTI());
                        ISOMsg reply = m.getMTI().equals("0800") ? approve(m) : responder.apply(m);
                        if (reply != null) {
                            channel.send(reply);
                        }
                    }
                } catch (Exception e) {
                    // Connection ended or server closed: accept the next one.
                }
            }
        }

        static String mti(ISOMsg m) {
            try {
                return m.getMTI();
            } catch (org.jpos.iso.ISOException e) {
                throw new IllegalStateException(e);
            }
        }

        static ISOMsg approve(ISOMsg m) {
            return respond(m, "00");
        }

        static ISOMsg respond(ISOMsg m, String code) {
            try {
                ISOMsg r = (ISOMsg) m.clone();
                r.setResponseMTI();
                r.unset(new int[] {12, 13, 14, 22, 25, 90});
                r.set(39, code);
                if (code.equals("00") && !m.getMTI().startsWith("08")) {
                    r.set(38, "A1B2C3");
                }
                return r;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        long count(String mti) {
            return receivedMtis.stream().filter(mti::equals).count();
        }

        @Override
        public void close() throws Exception {
            closed.set(true);
            server.close();
        }
    }

    private static String mti(ISOMsg m) {
        return JposIssuerHost.mti(m);
    }

    private AcquirerLink connect(int port, ReversalJournal journal) throws InterruptedException {
        AcquirerLink l = AcquirerLink.start(LinkConfig.defaults("127.0.0.1", port).withResponseTimeoutMillis(2_000)
                .withReconnectBackoffMillis(20, 200).withReversalRetryIntervalMillis(100), journal);
        assertThat(l.awaitSignedOn(5_000)).as("signed on to the jPOS host").isTrue();
        return l;
    }

    @ParameterizedTest
    @EnumSource(ResponseCode.class)
    void ourLinkUnderstandsEveryResponseCodeFromAJposHost(ResponseCode code) throws Exception {
        host = new JposIssuerHost(m -> JposIssuerHost.respond(m, code.code()));
        link = connect(host.port(), ReversalJournal.inMemory());
        LinkResult<AuthorisationResponse> r = link.authorise(new AuthorisationRequest(TestMessages.purchase(TOKEN, 1234, link.nextStan())));
        assertThat(r).isInstanceOf(LinkResult.Response.class);
        AuthorisationResponse resp = ((LinkResult.Response<AuthorisationResponse>) r).message();
        assertThat(resp.responseCode()).isEqualTo(code);
        assertThat(resp.reply().amount().minorUnits()).isEqualTo(1234);
        assertThat(resp.reply().approvalCode().isPresent()).isEqualTo(code.approved());
    }

    @Test
    void ourAccountVerificationIsReadByAJposIssuerHost() throws Exception {
        java.util.List<String> seen = new CopyOnWriteArrayList<>();
        host = new JposIssuerHost(m -> {
            try {
                seen.add(m.getString(3) + "|" + m.getString(4) + "|" + m.getString(25) + "|" + m.getString(48) + "|" + m.getString(2));
                ISOMsg r = (ISOMsg) m.clone();
                r.setResponseMTI();
                r.unset(new int[] {2, 14, 22, 48});
                r.set(39, m.getString(48).equals("9203123") ? "00" : "N7");
                return r;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        link = connect(host.port(), ReversalJournal.inMemory());
        for (String cvv2 : new String[] {"123", "321"}) {
            LinkResult<AccountVerificationResponse> r = link.verifyAccount(new AccountVerificationRequest(new CardNumber("4000000000000002"),
                    YearMonth.now().plusYears(1), new SecurityCode(cvv2), link.nextStan(), Instant.now(), TestMessages.ACCEPTOR,
                    java.util.Currency.getInstance("EUR")));
            assertThat(r).isInstanceOf(LinkResult.Response.class);
            ResponseCode code = ((LinkResult.Response<AccountVerificationResponse>) r).message().responseCode();
            assertThat(code).isEqualTo(cvv2.equals("123") ? ResponseCode.APPROVED : ResponseCode.SECURITY_CODE_MISMATCH);
        }
        assertThat(seen).containsExactly("000000|000000000000|51|9203123|4000000000000002", "000000|000000000000|51|9203321|4000000000000002");
        assertThat(host.count("0400")).as("a verification holds nothing: no reversal").isZero();
    }

    @Test
    void jposHostSilentOnAuthorisationGetsAnAutomaticReversal() throws Exception {
        Map<String, ISOMsg> reversals = new ConcurrentHashMap<>();
        host = new JposIssuerHost(m -> switch (mti(m)) {
            case "0100" -> null;
            case "0400", "0401" -> {
                reversals.put(m.getString(11), m);
                yield JposIssuerHost.approve(m);
            }
            default -> JposIssuerHost.approve(m);
        });
        link = connect(host.port(), ReversalJournal.inMemory());
        var tx = TestMessages.purchase(TOKEN, 999, link.nextStan());
        assertThat(link.authorise(new AuthorisationRequest(tx))).isInstanceOf(LinkResult.TimedOut.class);
        awaitCondition(() -> link.pendingReversals() == 0 && !reversals.isEmpty());
        ISOMsg rev = reversals.values().iterator().next();
        assertThat(rev.getString(90)).startsWith("0100" + tx.stan().digits()
                + DateTimeFormatter.ofPattern("MMddHHmmss").format(tx.transmittedAt().atOffset(ZoneOffset.UTC)));
        assertThat(rev.getString(4)).isEqualTo("000000000999");
    }

    @Test
    void reversalRetriedAfterRestartUntilTheJposHostAcknowledges(@TempDir Path dir) throws Exception {
        AtomicBoolean ackReversals = new AtomicBoolean(false);
        host = new JposIssuerHost(m -> switch (mti(m)) {
            case "0100" -> null;
            case "0400", "0401" -> ackReversals.get() ? JposIssuerHost.approve(m) : null;
            default -> JposIssuerHost.approve(m);
        });
        Path file = dir.resolve("journal");
        try (FileReversalJournal journal = new FileReversalJournal(file)) {
            link = connect(host.port(), journal);
            assertThat(link.authorise(new AuthorisationRequest(TestMessages.purchase(TOKEN, 500, link.nextStan()))))
                    .isInstanceOf(LinkResult.TimedOut.class);
            awaitCondition(() -> host.count("0401") >= 1);
            link.close();
            link = null;
        }
        ackReversals.set(true);
        try (FileReversalJournal journal = new FileReversalJournal(file)) {
            assertThat(journal.pending()).hasSize(1);
            link = connect(host.port(), journal);
            awaitCondition(() -> link.pendingReversals() == 0);
        }
        assertThat(host.count("0100")).as("the authorisation itself is never resent").isEqualTo(1);
    }

    @Test
    void badFrameFromTheJposHostIsDroppedAndTheLinkCarriesOn() throws Exception {
        host = new JposIssuerHost(m -> {
            try {
                ISOMsg r = JposIssuerHost.approve(m);
                if (m.getString(4).equals("000000000666")) {
                    r.set(39, "XX"); // not one of our response codes: refused by our codec, request times out
                }
                return r;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        link = connect(host.port(), ReversalJournal.inMemory());
        assertThat(link.authorise(new AuthorisationRequest(TestMessages.purchase(TOKEN, 666, link.nextStan()))))
                .isInstanceOf(LinkResult.TimedOut.class);
        LinkResult<AuthorisationResponse> ok = link.authorise(new AuthorisationRequest(TestMessages.purchase(TOKEN, 100, link.nextStan())));
        assertThat(ok).isInstanceOf(LinkResult.Response.class);
        assertThat(link.connectionCount()).isEqualTo(1);
    }

    @Test
    void jposClientTalksToOurSimulator() throws Exception {
        sim = NetworkSimulator.start(SimConfig.testCards(0));
        NACChannel ch = new NACChannel("127.0.0.1", sim.port(), new OpenPalmJposPackager(), null);
        ch.connect();
        try {
            String now = DateTimeFormatter.ofPattern("MMddHHmmss").format(Instant.now().atOffset(ZoneOffset.UTC));
            ISOMsg signOn = new ISOMsg("0800");
            signOn.set(7, now);
            signOn.set(11, "000001");
            signOn.set(70, "001");
            ch.send(signOn);
            ISOMsg signOnReply = ch.receive();
            assertThat(signOnReply.getMTI()).isEqualTo("0810");
            assertThat(signOnReply.getString(39)).isEqualTo("00");

            ISOMsg tokenise = new ISOMsg("0600");
            tokenise.set(2, "4000000000000002");
            tokenise.set(3, "900000");
            tokenise.set(7, now);
            tokenise.set(11, "000002");
            tokenise.set(14, DateTimeFormatter.ofPattern("yyMM").format(YearMonth.now().plusYears(1)));
            tokenise.set(41, "JPOSTERM");
            ch.send(tokenise);
            ISOMsg tokenReply = ch.receive();
            assertThat(tokenReply.getString(39)).isEqualTo("00");
            String token = tokenReply.getString(2);
            assertThat(token).startsWith("489537").hasSize(16);
            assertThat(tokenReply.getString(48)).hasSize(29);

            long before = sim.availableMinor(new CardNumber("4000000000000002"));
            IsoMessage auth = NetworkCodec.openPalm().toIso(new AuthorisationRequest(
                    TestMessages.purchase(new NetworkToken(token), 2_500, new org.openpalm.iso8583.Stan(3))));
            ch.send(JposBridge.toJpos(auth));
            ISOMsg authReply = ch.receive();
            assertThat(authReply.getMTI()).isEqualTo("0110");
            assertThat(authReply.getString(39)).isEqualTo("00");
            assertThat(authReply.getString(38)).hasSize(6);
            assertThat(sim.availableMinor(new CardNumber("4000000000000002"))).isEqualTo(before - 2_500);

            // a zero-amount account verification with the CVV2 in field 48 subelement 92, built by jPOS
            ISOMsg verify = new ISOMsg("0100");
            verify.set(2, "4000000000000002");
            verify.set(3, "000000");
            verify.set(4, "000000000000");
            verify.set(7, now);
            verify.set(11, "000005");
            verify.set(14, DateTimeFormatter.ofPattern("yyMM").format(YearMonth.now().plusYears(1)));
            verify.set(22, "010");
            verify.set(25, "51");
            verify.set(32, "12345");
            verify.set(41, "JPOSTERM");
            verify.set(42, "MERCHANT0000001");
            verify.set(48, "9203002");
            verify.set(49, "978");
            ch.send(verify);
            ISOMsg verified = ch.receive();
            assertThat(verified.getMTI()).isEqualTo("0110");
            assertThat(verified.getString(25)).isEqualTo("51");
            assertThat(verified.getString(39)).isEqualTo("00");
            assertThat(verified.hasField(2)).as("the card number is not echoed").isFalse();
            assertThat(sim.availableMinor(new CardNumber("4000000000000002"))).as("nothing held").isEqualTo(before - 2_500);
            verify.set(11, "000006");
            verify.set(48, "9203999");
            ch.send(verify);
            assertThat(ch.receive().getString(39)).as("wrong CVV2").isEqualTo("N7");

            ISOMsg expired = JposBridge.toJpos(auth.with(11, "000004").with(2, sim.tokenOf(new CardNumber("4000000000000549")).orElseThrow().digits()));
            ch.send(expired);
            assertThat(ch.receive().getString(39)).isEqualTo("54");
        } finally {
            ch.disconnect();
        }
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
