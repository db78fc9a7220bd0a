package org.openpalm.payments.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;

/** Laws of the state machine under any sequence of operations. */
class PaymentProperties {
    sealed interface Op {}
    record Capture(long amount) implements Op {}
    record Refund(long amount) implements Op {}
    record Void() implements Op {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1_500).map(Capture::new),
                Arbitraries.longs().between(0, 700).map(Refund::new),
                Arbitraries.just(new Void()));
        return op.list().ofMaxSize(12);
    }

    @Property
    void refundsNeverExceedCapturesAndCapturesNeverExceedTheAuthorisation(@ForAll("operations") List<Op> ops) {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        Payment p = ((TransitionResult.Applied) PaymentTest.created().awaitPalm(now)).payment();
        p = ((TransitionResult.Applied) p.authorise(CustomerId.random(), CardId.random(),
                new Authorisation("A1B2C3", "123456789012", p.amount()), now)).payment();
        for (Op op : ops) {
            TransitionResult r = switch (op) {
                case Capture c -> p.capture(Money.of(c.amount(), "EUR"), now);
                case Refund f -> p.refund(RefundId.random(), Money.of(f.amount(), "EUR"), now);
                case Void v -> p.voidPayment(now);
            };
            long before = p.version();
            switch (r) {
                case TransitionResult.Applied a -> {
                    assertThat(a.payment().version()).isEqualTo(before + 1);
                    p = a.payment();
                }
                case TransitionResult.Refused f -> assertThat(f.payment()).isSameAs(p);
            }
            assertThat(p.captured().minor()).isLessThanOrEqualTo(p.amount().minor());
            assertThat(p.refunded().minor()).isLessThanOrEqualTo(p.captured().minor());
        }
    }
}
