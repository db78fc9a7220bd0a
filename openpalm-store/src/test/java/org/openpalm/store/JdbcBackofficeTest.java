package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.merchant.ApiKey;
import org.openpalm.payments.merchant.ApiKeyInfo;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentQueries;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.report.SettlementReport;
import org.openpalm.payments.service.BackofficeConfig;
import org.openpalm.payments.service.BackofficeService;
import org.openpalm.payments.service.PaymentOutcome;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.testing.PaymentsFixture;

/** The dashboard and console queries and the API key life cycle, on H2 and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcBackofficeTest {
    @Parameter
    TestDatabase db;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private TestDatabase.Opened opened;
    private PaymentsFixture f;
    private BackofficeService backoffice;

    private void open() {
        opened = db.open();
        var storage = JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys")));
        f = new PaymentsFixture(storage);
        backoffice = new BackofficeService(storage, JdbcStorage.directory(storage), JdbcStorage.queries(storage), BackofficeConfig.DEFAULT, PaymentsFixture.CLOCK);
    }

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private static final PaymentQueries.Filter ALL = new PaymentQueries.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private Payment create(long minor) {
        return ((PaymentService.CreateOutcome.Created) f.payments.create(f.merchant.merchant().id(), f.terminal.id(), Money.of(minor, "EUR"))).payment();
    }

    @Test
    void apiKeysAreListedNewestFirstAndARevokedKeyNoLongerAuthenticates() {
        open();
        var merchant = f.merchant.merchant().id();
        ApiKey second = backoffice.createApiKey(merchant);
        List<ApiKeyInfo> keys = backoffice.apiKeys(merchant);
        assertThat(keys).hasSize(2);
        assertThat(keys.getFirst().displayPrefix()).contains(second.reveal().substring(0, 8));
        assertThat(keys.get(1).displayPrefix()).isEmpty(); // the onboarding key predates display prefixes
        assertThat(f.merchants.authenticate(second)).isPresent();

        String firstId = ApiKeyInfo.idOf(f.merchant.apiKey().hash());
        assertThat(backoffice.revokeApiKey(merchant, firstId)).isInstanceOf(BackofficeService.RevokeOutcome.Revoked.class);
        assertThat(f.merchants.authenticate(f.merchant.apiKey())).isEmpty();
        assertThat(f.merchants.authenticate(second)).isPresent();
        assertThat(backoffice.apiKeys(merchant).get(1).revokedAt()).isPresent();
        assertThat(backoffice.revokeApiKey(merchant, firstId)).isInstanceOf(BackofficeService.RevokeOutcome.NotFound.class);
        assertThat(backoffice.revokeApiKey(merchant, ApiKeyInfo.idOf(second.hash()))).isInstanceOf(BackofficeService.RevokeOutcome.LastActiveKey.class);
        var other = f.merchants.onboard("Other");
        assertThat(backoffice.revokeApiKey(other.merchant().id(), ApiKeyInfo.idOf(second.hash()))).isInstanceOf(BackofficeService.RevokeOutcome.NotFound.class);
    }

    @Test
    void merchantsStoresAndTerminalsAreListed() {
        open();
        var other = f.merchants.onboard("Another Shop");
        assertThat(backoffice.merchants()).extracting(m -> m.name()).containsExactly("Another Shop", "Corner Shop");
        assertThat(backoffice.stores(f.merchant.merchant().id())).containsExactly(f.store);
        assertThat(backoffice.terminals(f.merchant.merchant().id())).containsExactly(f.terminal);
        assertThat(backoffice.terminals(other.merchant().id())).isEmpty();
    }

    @Test
    void keysetPagesCoverEveryPaymentOnceNewestFirst() {
        open();
        List<PaymentId> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) created.add(create(100 + i).id());
        List<PaymentId> seen = new ArrayList<>();
        Optional<PaymentId> after = Optional.empty();
        do {
            var page = ((BackofficeService.ListOutcome.Listed) backoffice.payments(f.merchant.merchant().id(), ALL, after, 3)).page();
            page.payments().forEach(p -> seen.add(p.id()));
            after = page.next();
        } while (after.isPresent());
        assertThat(seen).containsExactlyElementsOf(created.reversed());

        f.payments.voidPayment(f.merchant.merchant().id(), created.get(2));
        var voided = new PaymentQueries.Filter(Optional.of(PaymentStatus.VOIDED), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(((BackofficeService.ListOutcome.Listed) backoffice.payments(f.merchant.merchant().id(), voided, Optional.empty(), 10)).page().payments())
                .extracting(Payment::id).containsExactly(created.get(2));
        // the terminal is offered its oldest open payment
        assertThat(backoffice.awaitingPalm(f.terminal.id()).map(Payment::id)).contains(created.getFirst());
    }

    @Test
    void settlementAndDailyFiguresFollowTheJournal() {
        open();
        f.enrol(501);
        var merchant = f.merchant.merchant().id();
        Payment p = create(10_000);
        assertThat(f.payments.presentPalm(f.terminal.id(), p.id(), PaymentsFixture.probe(501), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
        f.payments.capture(merchant, p.id(), Optional.of(Money.of(8_000, "EUR")));
        f.payments.refund(merchant, p.id(), RefundId.derivedFrom("r1"), Money.of(1_000, "EUR"));
        Payment held = create(500);
        f.payments.presentPalm(f.terminal.id(), held.id(), PaymentsFixture.probe(501), Optional.empty());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SettlementReport report = backoffice.settlement(merchant, today);
        assertThat(report.lines()).hasSize(1);
        var line = report.lines().getFirst();
        assertThat(line.payment()).isEqualTo(p.id());
        assertThat(line.captured()).isEqualTo(Money.of(8_000, "EUR"));
        assertThat(line.refunded()).isEqualTo(Money.of(1_000, "EUR"));
        assertThat(line.fees()).isEqualTo(Money.of(130, "EUR")); // 1.5 % of 80.00 + 0.10
        assertThat(line.netMinor()).isEqualTo(6_870);
        assertThat(report.totals()).containsExactly(new SettlementReport.Total("EUR", 8_000, 1_000, 130, 6_870));
        assertThat(backoffice.settlement(merchant, today.minusDays(1)).lines()).isEmpty();

        var days = backoffice.dailyVolumes(merchant, today, today);
        assertThat(days).hasSize(1);
        assertThat(days.getFirst().approved()).isEqualTo(2);
        assertThat(days.getFirst().approvedAmount()).isEqualTo(Money.of(10_500, "EUR"));
        assertThat(days.getFirst().approvalRatePerMille()).isEqualTo(1000);
    }
}
