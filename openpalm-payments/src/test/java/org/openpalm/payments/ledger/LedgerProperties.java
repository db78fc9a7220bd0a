package org.openpalm.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.testing.PaymentsFixture;

/** Whatever merchants and shoppers do, the journal balances and agrees with the payments. */
class LedgerProperties {
    sealed interface Op {}
    record Create(long amount) implements Op {}
    record Present(int payment, int shopper) implements Op {}
    record Capture(int payment, long amount) implements Op {}
    record Refund(int payment, long amount) implements Op {}
    record Void(int payment) implements Op {}

    // Enrolment extracts templates; share one fixture set-up cost per try with few shoppers.
    @Provide
    Arbitrary<List<Op>> scenario() {
        Arbitrary<Integer> idx = Arbitraries.integers().between(0, 5);
        Arbitrary<Op> op = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 5_000).map(Create::new),
                net.jqwik.api.Combinators.combine(idx, Arbitraries.integers().between(1, 2)).as(Present::new),
                net.jqwik.api.Combinators.combine(idx, Arbitraries.longs().between(0, 6_000)).as(Capture::new),
                net.jqwik.api.Combinators.combine(idx, Arbitraries.longs().between(0, 3_000)).as(Refund::new),
                idx.map(Void::new));
        return op.list().ofMinSize(5).ofMaxSize(30);
    }

    @Property(tries = 40)
    void journalAlwaysBalancesAndMatchesThePayments(@ForAll("scenario") List<Op> ops) {
        PaymentsFixture f = new PaymentsFixture();
        f.network.openAccount(PaymentsFixture.card(1), 20_000);
        f.network.openAccount(PaymentsFixture.card(2), 3_000);
        f.enrol(1);
        f.enrol(2);
        var merchant = f.merchant.merchant().id();
        Currency eur = Currency.require("EUR");
        List<Payment> created = new ArrayList<>();
        for (Op op : ops) {
            switch (op) {
                case Create c -> created.add(((PaymentService.CreateOutcome.Created) f.payments.create(merchant, f.terminal.id(), new Money(c.amount(), eur))).payment());
                case Present p -> { if (p.payment() < created.size()) f.payments.presentPalm(f.terminal.id(), created.get(p.payment()).id(), PaymentsFixture.probe(p.shopper()), Optional.empty()); }
                case Capture c -> { if (c.payment() < created.size()) f.payments.capture(merchant, created.get(c.payment()).id(), c.amount() == 0 ? Optional.empty() : Optional.of(new Money(c.amount(), eur))); }
                case Refund r -> { if (r.payment() < created.size() && r.amount() > 0) f.payments.refund(merchant, created.get(r.payment()).id(), RefundId.random(), new Money(r.amount(), eur)); }
                case Void v -> { if (v.payment() < created.size()) f.payments.voidPayment(merchant, created.get(v.payment()).id()); }
            }
        }
        LedgerReport report = f.audit.check();
        assertThat(report.problems()).isEmpty();
        long netFunding = new Ledger(f.ports.journal()).balance(AccountId.cardFunding(eur)).netDebitPosted();
        long capturedMinusRefunded = f.ports.payments().allPayments().stream().mapToLong(p -> p.captured().minor() - p.refunded().minor()).sum();
        assertThat(netFunding).isEqualTo(capturedMinusRefunded);
    }
}
