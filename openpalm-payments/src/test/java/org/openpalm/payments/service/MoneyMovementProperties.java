package org.openpalm.payments.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.InProcessNetwork;
import org.openpalm.payments.payment.MovementKind;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.reconcile.ClearingRecord;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.payments.testing.PaymentsFixture;

/**
 * The law of "money moves once": whatever captures, voids and refunds of one authorised payment
 * run at once (some with the network's answer lost, some retried), the network moves money at most
 * once per movement and never more than was captured, and the payment, the ledger and the
 * network's clearing agree.
 */
class MoneyMovementProperties {
    static final Currency EUR = Currency.require("EUR");
    static final long AMOUNT = 1_000;

    /** One call a merchant's back office might make; {@code retryOf} repeats an earlier refund's id (a retried request). */
    sealed interface Call {
        record Capture(Optional<Long> minor) implements Call {}

        record Void() implements Call {}

        record Refund(long minor, int refundSlot) implements Call {}
    }

    @Provide
    Arbitrary<Call> calls() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, AMOUNT).optional(0.5).map(Call.Capture::new),
                Arbitraries.just(new Call.Void()),
                Combinators.combine(Arbitraries.longs().between(1, AMOUNT), Arbitraries.integers().between(0, 3)).as(Call.Refund::new));
    }

    @Property(tries = 60)
    void everyInterleavingMovesMoneyOnce(@ForAll @Size(min = 2, max = 10) List<@net.jqwik.api.From("calls") Call> first,
                                         @ForAll @Size(max = 6) List<@net.jqwik.api.From("calls") Call> second,
                                         @ForAll boolean answersLostInTheFirstWave) {
        PaymentsFixture f = new PaymentsFixture();
        MerchantId merchant = f.merchant.merchant().id();
        f.enrol(1);
        Payment p = ((PaymentService.CreateOutcome.Created) f.payments.create(merchant, f.terminal.id(), new Money(AMOUNT, EUR))).payment();
        assertThat(f.payments.presentPalm(f.terminal.id(), p.id(), PaymentsFixture.probe(1), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
        List<RefundId> refundIds = List.of(RefundId.random(), RefundId.random(), RefundId.random(), RefundId.random());

        if (answersLostInTheFirstWave) f.network.setClearingMode(InProcessNetwork.ClearingMode.ANSWER_LOST);
        PaymentServiceTest.atOnce(first.stream().map(c -> invoke(f, merchant, p, c, refundIds)).toList());
        f.network.setClearingMode(InProcessNetwork.ClearingMode.NORMAL);
        // The second wave also retries whatever was left claimed (same calls as a client's retries would make).
        List<Supplier<PaymentOutcome>> again = new ArrayList<>(second.stream().map(c -> invoke(f, merchant, p, c, refundIds)).toList());
        f.ports.payments().find(p.id()).orElseThrow().pending().ifPresent(claim -> again.add(switch (claim.kind()) {
            case CAPTURE -> () -> f.payments.capture(merchant, p.id(), Optional.of(claim.amount()));
            case REVERSAL -> () -> f.payments.voidPayment(merchant, p.id());
            case REFUND -> () -> f.payments.refund(merchant, p.id(), claim.refund().orElseThrow(), claim.amount());
        }));
        PaymentServiceTest.atOnce(again);
        Payment end = f.ports.payments().find(p.id()).orElseThrow();

        List<ClearingRecord> cleared = f.network.clearedRecords();
        long captures = cleared.stream().filter(r -> r.kind() == MovementKind.CAPTURE).count();
        long reversals = cleared.stream().filter(r -> r.kind() == MovementKind.REVERSAL).count();
        long capturedMinor = cleared.stream().filter(r -> r.kind() == MovementKind.CAPTURE).mapToLong(ClearingRecord::amountMinor).sum();
        long refundedMinor = cleared.stream().filter(r -> r.kind() == MovementKind.REFUND).mapToLong(ClearingRecord::amountMinor).sum();
        assertThat(captures + reversals).as("a hold is captured or reversed, once").isLessThanOrEqualTo(1);
        assertThat(refundedMinor).as("never more refunded than captured").isLessThanOrEqualTo(capturedMinor);
        assertThat(cleared.stream().map(ClearingRecord::reference).distinct().count()).as("each movement once").isEqualTo(cleared.size());
        if (end.pending().isEmpty()) {
            assertThat(end.captured().minor()).isEqualTo(capturedMinor);
            assertThat(end.refunded().minor()).isEqualTo(refundedMinor);
            assertThat(end.status() == PaymentStatus.VOIDED).isEqualTo(reversals == 1);
            var report = Reconciliation.reconcile(cleared, f.ports.payments().allMovements(), f.ports.journal().allTransfers(), Optional.empty());
            assertThat(report.differences()).isEmpty();
        }
        assertThat(f.audit.check().problems()).isEmpty();
    }

    private static Supplier<PaymentOutcome> invoke(PaymentsFixture f, MerchantId merchant, Payment p, Call call, List<RefundId> refundIds) {
        return switch (call) {
            case Call.Capture c -> () -> f.payments.capture(merchant, p.id(), c.minor().map(m -> new Money(m, EUR)));
            case Call.Void v -> () -> f.payments.voidPayment(merchant, p.id());
            case Call.Refund r -> () -> f.payments.refund(merchant, p.id(), refundIds.get(r.refundSlot()), new Money(r.minor(), EUR));
        };
    }
}
