package org.openpalm.payments.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;

class PaymentTest {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final Money AMOUNT = Money.of(1_000, "EUR");

    static Payment created() {
        return Payment.create(PaymentId.random(), MerchantId.random(), TerminalId.random(), AMOUNT, NOW);
    }

    static Payment applied(TransitionResult r) {
        assertThat(r).isInstanceOf(TransitionResult.Applied.class);
        return ((TransitionResult.Applied) r).payment();
    }

    static String refused(TransitionResult r) {
        assertThat(r).isInstanceOf(TransitionResult.Refused.class);
        return ((TransitionResult.Refused) r).reason();
    }

    static Payment authorised() {
        Payment p = applied(created().awaitPalm(NOW));
        return applied(p.authorise(CustomerId.random(), CardId.random(), new Authorisation("A1B2C3", "123456789012", AMOUNT), NOW));
    }

    @Test
    void happyPathWithPartialCaptureAndRefunds() {
        Payment p = authorised();
        assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORISED);
        TransitionResult capture = p.capture(Money.of(800, "EUR"), NOW);
        assertThat(((TransitionResult.Applied) capture).event()).isEqualTo(new PaymentEvent.Captured(Money.of(800, "EUR"), Money.of(200, "EUR")));
        p = applied(capture);
        p = applied(p.refund(RefundId.random(), Money.of(300, "EUR"), NOW));
        p = applied(p.refund(RefundId.random(), Money.of(500, "EUR"), NOW));
        assertThat(p.refunded()).isEqualTo(Money.of(800, "EUR"));
        assertThat(refused(p.refund(RefundId.random(), Money.of(1, "EUR"), NOW))).contains("exceeds the refundable amount");
        assertThat(p.version()).isEqualTo(5);
    }

    @Test
    void refundIdsDerivedFromARequestAreStableAndWellFormed() {
        RefundId a = RefundId.derivedFrom("mer_x/key-1");
        assertThat(RefundId.parse(a.value())).contains(a);
        assertThat(RefundId.derivedFrom("mer_x/key-1")).isEqualTo(a);
        assertThat(RefundId.derivedFrom("mer_x/key-2")).isNotEqualTo(a);
    }

    @Test
    void hintPath() {
        Payment p = applied(applied(created().awaitPalm(NOW)).needHint(NOW));
        assertThat(p.status()).isEqualTo(PaymentStatus.HINT_NEEDED);
        p = applied(p.authorise(CustomerId.random(), CardId.random(), new Authorisation("A1B2C3", "123456789012", AMOUNT), NOW));
        assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORISED);
    }

    @Test
    void illegalTransitionsAreRefusedWithTheReason() {
        Payment created = created();
        assertThat(refused(created.capture(AMOUNT, NOW))).isEqualTo("the payment is not authorised");
        assertThat(refused(created.refund(RefundId.random(), AMOUNT, NOW))).isEqualTo("the payment is not captured");
        assertThat(refused(created.needHint(NOW))).isEqualTo("no palm capture has started");
        Payment authorised = authorised();
        assertThat(refused(authorised.capture(Money.of(1_001, "EUR"), NOW))).contains("exceeds the authorised amount");
        assertThat(refused(authorised.capture(Money.of(0, "EUR"), NOW))).contains("must be positive");
        assertThat(refused(authorised.capture(Money.of(10, "USD"), NOW))).contains("currency");
        assertThat(refused(authorised.refund(RefundId.random(), AMOUNT, NOW))).contains("void it instead");
        Payment captured = applied(authorised.capture(AMOUNT, NOW));
        assertThat(refused(captured.voidPayment(NOW))).contains("refund it instead");
        assertThat(refused(captured.capture(AMOUNT, NOW))).contains("already captured");
        Payment voided = applied(authorised().voidPayment(NOW));
        assertThat(refused(voided.capture(AMOUNT, NOW))).isEqualTo("the payment is voided");
        Payment declined = applied(applied(created().awaitPalm(NOW)).decline(Optional.empty(), Optional.empty(), Decline.NOT_RECOGNISED, NOW));
        assertThat(refused(declined.awaitPalm(NOW))).isEqualTo("the payment was declined");
    }

    @Test
    void voidBeforeAuthorisationReleasesNothing() {
        TransitionResult r = created().voidPayment(NOW);
        assertThat(((TransitionResult.Applied) r).event()).isEqualTo(new PaymentEvent.Voided(Money.zero(AMOUNT.currency())));
        TransitionResult afterAuth = authorised().voidPayment(NOW);
        assertThat(((TransitionResult.Applied) afterAuth).event()).isEqualTo(new PaymentEvent.Voided(AMOUNT));
    }
}
