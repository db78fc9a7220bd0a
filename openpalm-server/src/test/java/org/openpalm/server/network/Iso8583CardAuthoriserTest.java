package org.openpalm.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.TokenService;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;
import org.openpalm.payments.network.AuthorisationRequest;
import org.openpalm.payments.network.AuthorisationResult;
import org.openpalm.payments.network.ClearingResult;
import org.openpalm.payments.testing.PaymentsFixture;

/**
 * The adapter against the simulator over real sockets (port 0): the {@code CardAuthoriser} contract
 * that a retry with the same payment, capture or refund id moves money once, also across a restart
 * of the adapter (a crash between the network call and the database write).
 */
class Iso8583CardAuthoriserTest {
    static final String APPROVE = "4000000000000002";

    @TempDir
    Path dir;

    NetworkSimulator sim;
    Iso8583CardAuthoriser network;

    @BeforeEach
    void start() throws Exception {
        sim = NetworkSimulator.start(SimConfig.testCards(0));
        network = open();
    }

    Iso8583CardAuthoriser open() {
        Iso8583CardAuthoriser a = Iso8583CardAuthoriser.start(NetworkLinkSettings.defaults("127.0.0.1", sim.port())
                .withResponseTimeoutMillis(1_000).withReversalRetryIntervalMillis(100), dir, Clock.systemUTC());
        assertThat(a.isSignedOn()).isTrue();
        return a;
    }

    @AfterEach
    void stop() {
        try {
            network.close();
        } finally {
            sim.close();
        }
    }

    long balance() {
        return sim.availableMinor(new org.openpalm.iso8583.CardNumber(APPROVE));
    }

    TokenService.TokenisationResult.Tokenised tokenise(String pan) {
        CardNumber card = PaymentsFixture.valid(CardNumber.parse(pan));
        var r = network.tokenise(card, new Expiry(YearMonth.now().plusYears(2)));
        assertThat(r).isInstanceOf(TokenService.TokenisationResult.Tokenised.class);
        var t = (TokenService.TokenisationResult.Tokenised) r;
        assertThat(t.last4()).isEqualTo(pan.substring(12));
        assertThat(t.toString()).doesNotContain(pan.substring(0, 12));
        return t;
    }

    @Test
    void unknownCardIsRefusedAtTokenisation() {
        var r = network.tokenise(PaymentsFixture.valid(CardNumber.parse("4111111111111111")), new Expiry(YearMonth.now().plusYears(1)));
        assertThat(r).isInstanceOf(TokenService.TokenisationResult.Refused.class);
    }

    @Test
    void retriesWithTheSameIdsMoveMoneyOnceAlsoAfterARestart() {
        var token = tokenise(APPROVE);
        long before = balance();
        PaymentId payment = PaymentId.random();
        AuthorisationRequest request = new AuthorisationRequest(payment, MerchantId.random(), token.token(),
                new Expiry(YearMonth.now().plusYears(2)), Money.of(4_000, "EUR"));

        var first = network.authorise(request);
        assertThat(first).isInstanceOf(AuthorisationResult.Approved.class);
        assertThat(network.authorise(request)).isEqualTo(first);
        network.close();
        network = open(); // as after a crash: the retry finds the message it sent in the trace file
        assertThat(network.authorise(request)).isEqualTo(first);
        assertThat(balance()).isEqualTo(before - 4_000);

        var approved = (AuthorisationResult.Approved) first;
        Authorisation auth = new Authorisation(approved.authCode(), approved.rrn(), Money.of(4_000, "EUR"));
        assertThat(network.capture(payment, auth, Money.of(3_000, "EUR"))).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(network.capture(payment, auth, Money.of(3_000, "EUR"))).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(balance()).isEqualTo(before - 3_000);
        assertThat(network.capture(payment, auth, Money.of(2_000, "EUR"))).as("a second, different capture")
                .isInstanceOf(ClearingResult.Rejected.class);

        RefundId refund = RefundId.random();
        assertThat(network.refund(payment, auth, refund, Money.of(1_000, "EUR"))).isInstanceOf(ClearingResult.Accepted.class);
        network.close();
        network = open();
        assertThat(network.refund(payment, auth, refund, Money.of(1_000, "EUR"))).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(network.refund(payment, auth, refund, Money.of(999, "EUR"))).isInstanceOf(ClearingResult.Rejected.class);
        assertThat(balance()).isEqualTo(before - 2_000);
        assertThat(network.refund(payment, auth, RefundId.random(), Money.of(500, "EUR"))).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(balance()).isEqualTo(before - 1_500);
    }

    @Test
    void aReversedAuthorisationIsNotReusedByALaterAuthorisation() {
        var token = tokenise(APPROVE);
        long before = balance();
        PaymentId payment = PaymentId.random();
        AuthorisationRequest request = new AuthorisationRequest(payment, MerchantId.random(), token.token(),
                new Expiry(YearMonth.now().plusYears(2)), Money.of(700, "EUR"));
        var first = (AuthorisationResult.Approved) network.authorise(request);
        assertThat(network.reverse(payment)).isInstanceOf(ClearingResult.Accepted.class);
        assertThat(network.reverse(payment)).as("repeated reversal").isInstanceOf(ClearingResult.Accepted.class);
        assertThat(balance()).isEqualTo(before);
        assertThat(network.reverse(PaymentId.random())).as("nothing to reverse").isInstanceOf(ClearingResult.Accepted.class);

        var again = network.authorise(request);
        assertThat(again).isInstanceOf(AuthorisationResult.Approved.class);
        assertThat(((AuthorisationResult.Approved) again).rrn()).isNotEqualTo(first.rrn());
        assertThat(balance()).isEqualTo(before - 700);
    }

    @Test
    void aTimedOutAuthorisationIsReversedAndNotReused() throws Exception {
        var token = tokenise("4000000000000994");
        long before = sim.availableMinor(new org.openpalm.iso8583.CardNumber("4000000000000994"));
        AuthorisationRequest request = new AuthorisationRequest(PaymentId.random(), MerchantId.random(), token.token(),
                new Expiry(YearMonth.now().plusYears(2)), Money.of(900, "EUR"));
        assertThat(network.authorise(request)).isInstanceOf(AuthorisationResult.TimedOut.class);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((network.pendingReversals() > 0 || sim.availableMinor(new org.openpalm.iso8583.CardNumber("4000000000000994")) != before)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(network.pendingReversals()).isZero();
        assertThat(sim.availableMinor(new org.openpalm.iso8583.CardNumber("4000000000000994"))).isEqualTo(before);
    }
}
