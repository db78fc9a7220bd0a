package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.PaymentOutcome;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.testing.PaymentsFixture;

/** Many payments at once on fresh ledger accounts: every one commits and the ledger balances. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class ConcurrentPaymentsTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    @Test
    void concurrentFirstPaymentsCreateTheLedgerAccountsOnce() throws Exception {
        opened = db.open();
        PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys"))));
        f.enrol(1);
        List<Payment> payments = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            payments.add(((PaymentService.CreateOutcome.Created) f.payments.create(f.merchant.merchant().id(), f.terminal.id(), Money.of(100 + i, "EUR"))).payment());
        }
        var probe = PaymentsFixture.probe(1);
        AtomicInteger authorised = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (Payment p : payments) {
            threads.add(Thread.ofVirtual().start(() -> {
                if (f.payments.presentPalm(f.terminal.id(), p.id(), probe, Optional.empty()) instanceof PaymentOutcome.Done) authorised.incrementAndGet();
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(authorised).hasValue(payments.size());
        assertThat(f.audit.check().problems()).isEmpty();
    }

    @Test
    void aNewMerchantsFirstPaymentsCreatedAndPaidAtOnceAllSucceed() throws Exception {
        opened = db.open();
        PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys"))));
        f.enrol(1);
        var probe = PaymentsFixture.probe(1);
        AtomicInteger authorised = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long minor = 100 + i;
            threads.add(Thread.ofVirtual().start(() -> {
                // creation and palm together, as a till and reader do: the ledger accounts are new
                Payment p = ((PaymentService.CreateOutcome.Created) f.payments.create(f.merchant.merchant().id(), f.terminal.id(),
                        Money.of(minor, "EUR"))).payment();
                if (f.payments.presentPalm(f.terminal.id(), p.id(), probe, Optional.empty()) instanceof PaymentOutcome.Done) authorised.incrementAndGet();
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(authorised).hasValue(16);
        assertThat(f.audit.check().problems()).isEmpty();
    }
}
