package org.openpalm.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.testing.InMemoryStorage;

class LedgerTest {
    static final Currency EUR = Currency.require("EUR");
    final InMemoryStorage journal = new InMemoryStorage();
    final Ledger ledger = new Ledger(journal);
    final PaymentId pay = PaymentId.random();
    final AccountId funding = AccountId.cardFunding(EUR);
    final AccountId merchant = AccountId.merchantPayable(MerchantId.random(), EUR);
    final Instant now = Instant.now();

    Transfer t(String id, TransferKind kind, long amount, Optional<String> pending) {
        return new Transfer(new TransferId(id), funding, merchant, amount, kind, pending.map(TransferId::new), pay, now);
    }

    @Test
    void pendingIsPostedOnceForAtMostItsAmount() {
        assertThat(ledger.post(t("p", TransferKind.PENDING, 100, Optional.empty()))).isInstanceOf(PostResult.Posted.class);
        assertThat(ledger.balance(funding).debitsPending()).isEqualTo(100);
        assertThat(ledger.post(t("x", TransferKind.POST_PENDING, 101, Optional.of("p")))).isInstanceOf(PostResult.Refused.class);
        assertThat(ledger.post(t("c", TransferKind.POST_PENDING, 60, Optional.of("p")))).isInstanceOf(PostResult.Posted.class);
        assertThat(ledger.post(t("v", TransferKind.VOID_PENDING, 100, Optional.of("p")))).isInstanceOf(PostResult.Refused.class);
        Balance b = ledger.balance(funding);
        assertThat(b.debitsPending()).isZero();
        assertThat(b.debitsPosted()).isEqualTo(60);
        assertThat(ledger.balance(merchant).creditsPosted()).isEqualTo(60);
    }

    @Test
    void samePostingTwiceIsIdempotentAndADifferentOneWithTheSameIdConflicts() {
        Transfer a = new Transfer(new TransferId("a"), funding, merchant, 5, TransferKind.POSTED, Optional.empty(), pay, now);
        assertThat(ledger.post(a)).isInstanceOf(PostResult.Posted.class);
        assertThat(ledger.post(a)).isInstanceOf(PostResult.AlreadyPosted.class);
        Transfer b = new Transfer(new TransferId("a"), funding, merchant, 6, TransferKind.POSTED, Optional.empty(), pay, now);
        assertThat(ledger.post(b)).isInstanceOf(PostResult.IdConflict.class);
        assertThat(journal.allTransfers()).hasSize(1);
    }

    @Test
    void checkerFindsUnbalancedAndDoubleResolvedEntries() {
        Transfer pending = t("pay:auth", TransferKind.PENDING, 100, Optional.empty());
        Transfer post = t("pay:capture", TransferKind.POST_PENDING, 100, Optional.of("pay:auth"));
        Transfer again = t("pay:capture2", TransferKind.POST_PENDING, 100, Optional.of("pay:auth"));
        Transfer orphan = t("pay:void", TransferKind.VOID_PENDING, 5, Optional.of("nothing"));
        LedgerReport report = new LedgerChecker().check(List.of(pending, post, again, orphan), List.of());
        assertThat(report.problems()).anyMatch(p -> p.contains("resolved twice"))
                .anyMatch(p -> p.contains("unknown pending"))
                .anyMatch(p -> p.contains("unknown payment"));
    }
}
