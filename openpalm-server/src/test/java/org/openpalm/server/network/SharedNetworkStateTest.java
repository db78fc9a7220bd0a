package org.openpalm.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.TokenService;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;
import org.openpalm.payments.network.AuthorisationRequest;
import org.openpalm.payments.network.AuthorisationResult;
import org.openpalm.payments.network.ClearingResult;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.store.JdbcNetworkState;
import org.openpalm.store.TestDatabase;

/**
 * Two servers' network links (A and B) on one database, against the simulator over real sockets,
 * on H2 and PostgreSQL: a payment A authorised and then died on is retried on B as the same
 * message (the network answers the repeat, nothing is held twice), and the reversal A journalled
 * and could not deliver before dying is delivered by B.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class SharedNetworkStateTest {
    static final String APPROVE = "4000000000000002";

    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    NetworkSimulator sim;
    TestDatabase.Opened opened;
    final List<Iso8583CardAuthoriser> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = NetworkSimulator.start(SimConfig.testCards(0));
        opened = db.open();
    }

    @AfterEach
    void stop() {
        try {
            open.forEach(Iso8583CardAuthoriser::close);
            sim.close();
        } finally {
            opened.close();
        }
    }

    /** A server's link: its own state object over the shared database, its own (empty) data directory. */
    Iso8583CardAuthoriser server(String name) {
        Iso8583CardAuthoriser a = Iso8583CardAuthoriser.start(NetworkLinkSettings.defaults("127.0.0.1", sim.port())
                        .withResponseTimeoutMillis(500).withReversalRetryIntervalMillis(100),
                new JdbcNetworkState(opened.database(), Clock.systemUTC()), dir.resolve(name), Clock.systemUTC());
        assertThat(a.isSignedOn()).isTrue();
        open.add(a);
        return a;
    }

    void dies(Iso8583CardAuthoriser server) {
        open.remove(server);
        server.close();
    }

    long balance() {
        return sim.availableMinor(new org.openpalm.iso8583.CardNumber(APPROVE));
    }

    AuthorisationRequest request(Iso8583CardAuthoriser on, long amountMinor) {
        var token = (TokenService.TokenisationResult.Tokenised) on.tokenise(PaymentsFixture.valid(CardNumber.parse(APPROVE)),
                new Expiry(YearMonth.now().plusYears(2)));
        return new AuthorisationRequest(PaymentId.random(), MerchantId.random(), token.token(), new Expiry(YearMonth.now().plusYears(2)),
                Money.of(amountMinor, "EUR"));
    }

    static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aPaymentAuthorisedOnADeadServerIsRetriedOnAnotherAsTheSameMessage() {
        Iso8583CardAuthoriser a = server("a");
        AuthorisationRequest request = request(a, 2_500);
        long before = balance();
        var first = (AuthorisationResult.Approved) a.authorise(request);
        long authorisationsSent = sim.received("0100");
        dies(a);

        Iso8583CardAuthoriser b = server("b");
        var retried = b.authorise(request);
        // the RRN carries the STAN and hour of the message: B sent A's message, and the network answered the repeat
        assertThat(retried).isEqualTo(first);
        assertThat(sim.received("0100")).isEqualTo(authorisationsSent + 1);
        assertThat(balance()).as("held once").isEqualTo(before - 2_500);

        // B captures what A authorised, as the network knows it
        Authorisation auth = new Authorisation(first.authCode(), first.rrn(), Money.of(2_500, "EUR"));
        assertThat(b.capture(request.payment(), auth, Money.of(2_500, "EUR"))).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(server("c").capture(request.payment(), auth, Money.of(2_500, "EUR"))).as("a third server's retry of the capture")
                .isInstanceOf(ClearingResult.Accepted.class);
        assertThat(balance()).isEqualTo(before - 2_500);
    }

    @Test
    void twoLiveServersOnOneTerminalIdNeverSendTheSameStan() {
        Iso8583CardAuthoriser a = server("a");
        Iso8583CardAuthoriser b = server("b");
        List<String> stans = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (Iso8583CardAuthoriser s : List.of(a, b)) {
                var approved = (AuthorisationResult.Approved) s.authorise(request(s, 100));
                stans.add(approved.rrn().substring(approved.rrn().length() - 6)); // the RRN ends with the STAN
            }
        }
        assertThat(stans).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void aDeadServersPendingReversalIsSentByAnother() throws Exception {
        Iso8583CardAuthoriser a = server("a");
        AuthorisationRequest request = request(a, 1_200);
        long before = balance();
        assertThat(a.authorise(request)).isInstanceOf(AuthorisationResult.Approved.class);
        sim.dropReversals(true); // the network stops answering reversals: A journals its void and keeps repeating it
        assertThat(a.reverse(request.payment())).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(a.pendingReversals()).isEqualTo(1);
        dies(a);
        assertThat(balance()).as("still held: A died before the network took the reversal").isEqualTo(before - 1_200);

        sim.dropReversals(false);
        Iso8583CardAuthoriser b = server("b");
        eventually("B delivered A's reversal", () -> b.pendingReversals() == 0 && balance() == before);
        // a later authorisation of the payment is a new message: the reversed one is never reused
        var again = b.authorise(request);
        assertThat(again).isInstanceOf(AuthorisationResult.Approved.class);
        assertThat(balance()).isEqualTo(before - 1_200);
    }

    @Test
    void theTraceFileAndJournalOfAnOlderVersionAreImportedOnce() throws Exception {
        Path legacy = dir.resolve("old");
        Iso8583CardAuthoriser old = Iso8583CardAuthoriser.start(NetworkLinkSettings.defaults("127.0.0.1", sim.port())
                .withResponseTimeoutMillis(500).withReversalRetryIntervalMillis(100), legacy, Clock.systemUTC());
        AuthorisationRequest approved = request(old, 300);
        AuthorisationRequest voided = request(old, 400);
        long before = balance();
        var first = (AuthorisationResult.Approved) old.authorise(approved);
        assertThat(old.authorise(voided)).isInstanceOf(AuthorisationResult.Approved.class);
        sim.dropReversals(true);
        assertThat(old.reverse(voided.payment())).isInstanceOf(ClearingResult.Accepted.class);
        old.close();
        sim.dropReversals(false);

        Iso8583CardAuthoriser upgraded = Iso8583CardAuthoriser.start(NetworkLinkSettings.defaults("127.0.0.1", sim.port())
                        .withResponseTimeoutMillis(500).withReversalRetryIntervalMillis(100),
                new JdbcNetworkState(opened.database(), Clock.systemUTC()), legacy, Clock.systemUTC());
        open.add(upgraded);
        assertThat(Files.exists(legacy.resolve("traces.log"))).isFalse();
        assertThat(legacy.resolve("traces.log.imported")).exists();
        assertThat(legacy.resolve("reversals.journal.imported")).exists();
        assertThat(upgraded.authorise(approved)).as("the retry of an imported payment").isEqualTo(first);
        eventually("the imported reversal delivered", () -> upgraded.pendingReversals() == 0 && balance() == before - 300);
    }
}
