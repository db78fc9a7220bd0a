package org.openpalm.iso8583;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;

/** Our link against our simulator, over real loopback sockets on port 0. */
class AcquirerLinkSimulatorTest {
    private NetworkSimulator sim;
    private AcquirerLink link;

    @BeforeEach
    void startSimulator() throws Exception {
        sim = NetworkSimulator.start(SimConfig.testCards(0));
    }

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        sim.close();
    }

    private LinkConfig config(int port) {
        return LinkConfig.defaults("127.0.0.1", port).withResponseTimeoutMillis(2_000)
                .withReconnectBackoffMillis(20, 200).withReversalRetryIntervalMillis(100);
    }

    private AcquirerLink connect(ReversalJournal journal) throws InterruptedException {
        AcquirerLink l = AcquirerLink.start(config(sim.port()), journal);
        assertThat(l.awaitSignedOn(5_000)).as("signed on").isTrue();
        return l;
    }

    private NetworkToken tokenise(AcquirerLink l, String pan) {
        LinkResult<TokenisationResponse> r = l.tokenise(new TokenisationRequest(new CardNumber(pan),
                YearMonth.now().plusYears(1), l.nextStan(), Instant.now(), TestMessages.ACCEPTOR.terminalId()));
        assertThat(r).isInstanceOf(LinkResult.Response.class);
        TokenisationResponse t = ((LinkResult.Response<TokenisationResponse>) r).message();
        assertThat(t.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(t.par()).isPresent();
        return t.token().orElseThrow();
    }

    private static <R> R response(LinkResult<R> r) {
        assertThat(r).isInstanceOf(LinkResult.Response.class);
        return ((LinkResult.Response<R>) r).message();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "4000000000000002, 1000, APPROVED",
        "4000000000000002, 600000, DO_NOT_HONOUR",
        "4000000000000051, 5000, INSUFFICIENT_FUNDS",
        "4000000000000549, 1000, EXPIRED_CARD",
        "4000000000000101, 1000, DO_NOT_HONOUR",
        "4000000000000143, 1000, INVALID_CARD",
        "4000000000000960, 1000, SYSTEM_MALFUNCTION",
        "4000000000000911, 1000, ISSUER_UNAVAILABLE",
    })
    void everyResponseCodePath(String pan, long amount, ResponseCode expected) throws Exception {
        link = connect(ReversalJournal.inMemory());
        NetworkToken token = tokenise(link, pan);
        long before = sim.availableMinor(new CardNumber(pan));
        AuthorisationResponse r = response(link.authorise(new AuthorisationRequest(TestMessages.purchase(token, amount, link.nextStan()))));
        assertThat(r.responseCode()).isEqualTo(expected);
        assertThat(r.reply().approvalCode().isPresent()).isEqualTo(expected.approved());
        assertThat(sim.availableMinor(new CardNumber(pan))).isEqualTo(expected.approved() ? before - amount : before);
    }

    @Test
    void unknownCardCannotBeTokenisedAndUnknownTokenIsInvalid() throws Exception {
        link = connect(ReversalJournal.inMemory());
        TokenisationResponse t = response(link.tokenise(new TokenisationRequest(new CardNumber("4111111111111111"),
                YearMonth.now().plusYears(1), link.nextStan(), Instant.now(), TestMessages.ACCEPTOR.terminalId())));
        assertThat(t.responseCode()).isEqualTo(ResponseCode.INVALID_CARD);
        assertThat(t.token()).isEmpty();
        AuthorisationResponse r = response(link.authorise(new AuthorisationRequest(
                TestMessages.purchase(new NetworkToken("4895370000000000001"), 100, link.nextStan()))));
        assertThat(r.responseCode()).isEqualTo(ResponseCode.INVALID_CARD);
    }

    @Test
    void completionCapturesAndRefundCredits() throws Exception {
        link = connect(ReversalJournal.inMemory());
        CardNumber card = new CardNumber("4000000000000002");
        NetworkToken token = tokenise(link, card.digits());
        long before = sim.availableMinor(card);
        Transaction auth = TestMessages.purchase(token, 5_000, link.nextStan());
        AuthorisationResponse a = response(link.authorise(new AuthorisationRequest(auth)));
        assertThat(a.responseCode()).isEqualTo(ResponseCode.APPROVED);
        CompletionAdvice completion = new CompletionAdvice(
                new Transaction(TransactionType.PURCHASE, token, auth.expiry(), Money.of(4_000, "EUR"), link.nextStan(),
                        Instant.now(), auth.localDateTime(), auth.rrn(), auth.pointOfService(), auth.acceptor()),
                a.reply().approvalCode().orElseThrow(), OriginalData.of("0100", auth));
        assertThat(response(link.complete(completion)).responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(sim.availableMinor(card)).isEqualTo(before - 4_000);
        RefundRequest refund = new RefundRequest(TestMessages.transaction(TransactionType.REFUND, token, 1_500,
                link.nextStan(), TestMessages.ACCEPTOR));
        assertThat(response(link.refund(refund)).responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(sim.availableMinor(card)).isEqualTo(before - 2_500);
    }

    @Test
    void timedOutAuthorisationIsReversedAutomaticallyAndNotCharged() throws Exception {
        link = connect(ReversalJournal.inMemory());
        CardNumber card = new CardNumber("4000000000000994");
        NetworkToken token = tokenise(link, card.digits());
        long before = sim.availableMinor(card);
        LinkResult<AuthorisationResponse> r = link.authorise(new AuthorisationRequest(TestMessages.purchase(token, 2_000, link.nextStan())));
        assertThat(r).isInstanceOf(LinkResult.TimedOut.class);
        awaitCondition(() -> link.pendingReversals() == 0 && sim.received("0400") >= 1);
        assertThat(sim.availableMinor(card)).isEqualTo(before);
    }

    @Test
    void reversalIsRetriedUntilAcknowledgedAndSurvivesARestart(@TempDir Path dir) throws Exception {
        Path journalFile = dir.resolve("reversals.journal");
        CardNumber card = new CardNumber("4000000000000994");
        sim.dropReversals(true);
        long before;
        try (FileReversalJournal journal = new FileReversalJournal(journalFile)) {
            link = connect(journal);
            NetworkToken token = tokenise(link, card.digits());
            before = sim.availableMinor(card);
            assertThat(link.authorise(new AuthorisationRequest(TestMessages.purchase(token, 3_000, link.nextStan()))))
                    .isInstanceOf(LinkResult.TimedOut.class);
            awaitCondition(() -> sim.received("0401") >= 1); // first attempt and at least one repeat
            assertThat(link.pendingReversals()).isEqualTo(1);
            assertThat(sim.availableMinor(card)).isEqualTo(before - 3_000);
            link.close();
            link = null;
        }
        sim.dropReversals(false);
        try (FileReversalJournal journal = new FileReversalJournal(journalFile)) {
            assertThat(journal.pending()).hasSize(1);
            link = connect(journal);
            awaitCondition(() -> link.pendingReversals() == 0);
            assertThat(sim.availableMinor(card)).isEqualTo(before);
        }
        try (FileReversalJournal reopened = new FileReversalJournal(journalFile)) {
            assertThat(reopened.pending()).isEmpty();
        }
    }

    @Test
    void concurrentRequestsAreMatchedByStanAndTerminal() throws Exception {
        link = connect(ReversalJournal.inMemory());
        NetworkToken token = tokenise(link, "4000000000000002");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<AuthorisationResponse>> futures = new ArrayList<>();
            List<Transaction> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Acceptor acceptor = new Acceptor("12345", new TerminalId(String.format("TERM%04d", i % 5)),
                        TestMessages.ACCEPTOR.merchantId());
                Transaction tx = TestMessages.transaction(TransactionType.PURCHASE, token, 100 + i, link.nextStan(), acceptor);
                sent.add(tx);
                futures.add(pool.submit(() -> response(link.authorise(new AuthorisationRequest(tx)))));
            }
            for (int i = 0; i < 50; i++) {
                AuthorisationResponse r = futures.get(i).get();
                assertThat(r.stan()).isEqualTo(sent.get(i).stan());
                assertThat(r.reply().amount()).isEqualTo(sent.get(i).amount());
                assertThat(r.responseCode()).isEqualTo(ResponseCode.APPROVED);
            }
        }
    }

    @Test
    void reconnectsAndSignsOnAgainAfterTheNetworkDropsTheConnection() throws Exception {
        link = connect(ReversalJournal.inMemory());
        assertThat(link.echo()).isInstanceOf(LinkResult.Response.class);
        sim.disconnectClients();
        awaitCondition(() -> link.connectionCount() >= 2 && link.isSignedOn());
        assertThat(response(link.echo()).responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(sim.received("0800")).isGreaterThanOrEqualTo(4); // two sign-ons, two echoes
    }

    @Test
    void notConnectedIsAResultNotAnException() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        link = AcquirerLink.start(config(deadPort), ReversalJournal.inMemory());
        LinkResult<AuthorisationResponse> r = link.authorise(new AuthorisationRequest(
                TestMessages.purchase(new NetworkToken("4895370000000001"), 100, link.nextStan())));
        assertThat(r).isInstanceOf(LinkResult.Disconnected.class);
        assertThat(link.pendingReversals()).as("never sent: nothing to reverse").isZero();
    }

    @Test
    void simulatorSurvivesGarbageFromAnAcquirer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", sim.port())) {
            OutputStream out = s.getOutputStream();
            out.write(Framing.frame("garbage!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            byte[] echo = NetworkCodec.openPalm().encode(new NetworkManagementRequest(new Stan(9), Instant.now(), NetworkManagementCode.ECHO));
            out.write(Framing.frame(echo));
            out.flush();
            NetworkMessage reply = NetworkCodec.openPalm().decode(Framing.read(s.getInputStream()));
            assertThat(reply).isInstanceOf(NetworkManagementResponse.class);
            assertThat(reply.stan()).isEqualTo(new Stan(9));
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
