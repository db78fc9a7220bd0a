package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.access.EntryDecision;
import org.openpalm.payments.access.EntryService;
import org.openpalm.payments.age.AgeAnswer;
import org.openpalm.payments.age.AgeService;
import org.openpalm.payments.age.DocumentType;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.loyalty.Basket;
import org.openpalm.payments.loyalty.LineItem;
import org.openpalm.payments.loyalty.LoyaltyApplication;
import org.openpalm.payments.loyalty.LoyaltyProgramme;
import org.openpalm.payments.loyalty.LoyaltyService;
import org.openpalm.payments.loyalty.LoyaltyStore;
import org.openpalm.payments.loyalty.Reward;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalRole;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.CaptureMethod;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.privacy.PrivacyPorts;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.payments.service.PalmLookup;
import org.openpalm.payments.service.PaymentOutcome;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.service.PaymentsObserver;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** Loyalty, entry and age storage (V13, V13_1, V13_2) through the services, on H2 and PostgreSQL; the ledger check after. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcLoyaltyStoreTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private record World(PaymentsFixture f, Storage storage, LoyaltyStore store, LoyaltyService loyalty, PaymentService payments,
                         JdbcAccessStore access, PalmLookup palms) {}

    private World world() {
        opened = db.open();
        Storage storage = JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys")));
        PrivacyPorts ports = JdbcPrivacyStorage.over(storage);
        PaymentsFixture f = new PaymentsFixture(storage, ports.audit());
        LoyaltyStore store = JdbcLoyaltyStore.over(storage);
        LoyaltyService loyalty = new LoyaltyService(storage.transactor(), store, ports.audit(), PaymentsFixture.CLOCK);
        PaymentService payments = new PaymentService(storage, f.identifier, f.network, PaymentsConfig.DEFAULT, PaymentsFixture.CLOCK,
                PaymentsObserver.NONE, loyalty);
        return new World(f, storage, store, loyalty, payments, JdbcAccessStore.over(storage), new PalmLookup(f.identifier, storage));
    }

    private static CustomerId enrol(World w, long n, boolean insights) {
        var outcome = w.f().enrolment.enrol(new EnrolmentService.EnrolmentRequest(PaymentsFixture.phone(n), PaymentsFixture.card(n),
                new Expiry(java.time.YearMonth.now().plusYears(2)), List.of(SyntheticPalms.template(n)), true, "v1", insights, ConsentChannel.KIOSK));
        return ((EnrolmentService.EnrolmentOutcome.Enrolled) outcome).customer().id();
    }

    private static Payment pay(World w, long n, long minor, Basket basket, CaptureMethod method) {
        var created = (PaymentService.CreateOutcome.Created) w.payments().create(w.f().merchant.merchant().id(), w.f().terminal.id(),
                Money.of(minor, "EUR"), method);
        if (!basket.equals(Basket.NONE)) w.store().saveBasket(created.payment().id(), basket);
        PaymentOutcome paid = w.payments().presentPalm(w.f().terminal.id(), created.payment().id(), PaymentsFixture.probe(n), Optional.empty());
        assertThat(paid).isInstanceOf(PaymentOutcome.Done.class);
        return ((PaymentOutcome.Done) paid).payment();
    }

    private static Basket coffees(int n) {
        return new Basket(List.of(new LineItem("coffee", n, Money.of(300, "EUR"))), false);
    }

    @Test
    void pricesPointsRefundsVoidsAndTheLedgerCheck() {
        World w = world();
        var merchant = w.f().merchant.merchant().id();
        w.loyalty().define(new LoyaltyProgramme(merchant, "Beans", Currency.require("EUR"), 10, Optional.of(new Reward.EveryNthItemFree("Coffee", 3)),
                Optional.of(new Reward.PercentOff(10)), Optional.of(new Reward.PointsRedemption(30, 100)), Instant.EPOCH));
        LoyaltyProgramme read = w.store().programme(merchant).orElseThrow();
        assertThat(read.everyNth()).contains(new Reward.EveryNthItemFree("Coffee", 3));
        assertThat(read.percentOff()).contains(new Reward.PercentOff(10));
        assertThat(read.redemption()).contains(new Reward.PointsRedemption(30, 100));
        CustomerId c = enrol(w, 9101, true);
        CustomerId other = enrol(w, 9102, false);
        assertThat(w.loyalty().join(merchant, c, "Gus", "l-1", ConsentChannel.KIOSK)).isInstanceOf(LoyaltyService.JoinOutcome.Joined.class);
        assertThat(w.loyalty().join(merchant, other, "Hal", "l-1", ConsentChannel.PORTAL)).isInstanceOf(LoyaltyService.JoinOutcome.Joined.class);
        assertThat(w.store().membersWithInsightsConsent(merchant)).isEqualTo(1);

        // two coffees: no stamp reward yet; 10 % off 6.00 = 5.40 charged, 54 points on capture
        Payment first = pay(w, 9101, 600, coffees(2), CaptureMethod.AUTOMATIC);
        assertThat(first.amount()).isEqualTo(Money.of(540, "EUR"));
        assertThat(w.store().balance(merchant, c)).isEqualTo(54);
        // two more: the 3rd is free (3.00), 10 % off the remaining 3.00 = 2.70
        Payment second = pay(w, 9101, 600, coffees(2), CaptureMethod.MANUAL);
        assertThat(second.amount()).isEqualTo(Money.of(270, "EUR"));
        assertThat(w.store().application(second.id()).orElseThrow().freeUnits()).isEqualTo(1);
        assertThat(w.store().stamps(merchant, c, "coffee")).isEqualTo(4);
        w.payments().capture(merchant, second.id(), Optional.empty());
        assertThat(w.store().balance(merchant, c)).isEqualTo(54 + 27);
        // a partial refund of the first takes back what the refunded part earned
        w.payments().refund(merchant, first.id(), RefundId.derivedFrom("r1"), Money.of(140, "EUR"));
        assertThat(w.store().balance(merchant, c)).isEqualTo(40 + 27);
        // redeeming 30 points while held, then voided: the points come back and the stamps do not count
        Payment held = pay(w, 9101, 1000, new Basket(List.of(), true), CaptureMethod.MANUAL);
        assertThat(held.amount()).isEqualTo(Money.of(800, "EUR")); // 1000 - 100 (10 %) - 100 (30 points)
        assertThat(w.store().balance(merchant, c)).isEqualTo(40 + 27 - 30);
        w.payments().voidPayment(merchant, held.id());
        assertThat(w.store().balance(merchant, c)).isEqualTo(40 + 27);
        var summary = w.store().summary(merchant);
        assertThat(summary.members()).isEqualTo(2);
        assertThat(summary.pointsIssued()).isEqualTo(67);
        assertThat(summary.pointsRedeemed()).isZero();
        assertThat(w.store().history(merchant, c, 10)).extracting(e -> e.kind().name())
                .containsExactly("REDEMPTION_REVERSED", "REDEEMED", "EARNING_REVERSED", "EARNED", "EARNED");
        assertThat(new LedgerAudit(w.storage(), Optional.of(w.store())).check().problems()).isEmpty();

        // the checker sees a tampered application
        try (var conn = opened.database().dataSource().getConnection(); var st = conn.createStatement()) {
            st.executeUpdate("UPDATE loyalty_applications SET discount_minor = discount_minor - 1 WHERE payment_id = '" + second.id().value() + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(new LedgerAudit(w.storage(), Optional.of(w.store())).check().problems()).singleElement().asString().contains(second.id().value());
    }

    @Test
    void simultaneousPaymentsOfOneMemberGetTheStampRewardAndThePointsOnce() throws Exception {
        World w = world();
        var merchant = w.f().merchant.merchant().id();
        w.loyalty().define(new LoyaltyProgramme(merchant, "Beans", Currency.require("EUR"), 10, Optional.of(new Reward.EveryNthItemFree("Coffee", 3)),
                Optional.empty(), Optional.of(new Reward.PointsRedemption(30, 100)), Instant.EPOCH));
        CustomerId c = enrol(w, 9301, false);
        w.loyalty().join(merchant, c, "Ida", "l-1", ConsentChannel.KIOSK);
        pay(w, 9301, 600, coffees(2), CaptureMethod.AUTOMATIC); // 2 stamps, 60 points
        assertThat(w.store().balance(merchant, c)).isEqualTo(60);

        // six tills at once, one coffee each, each asking to redeem 30 points: stamps 3 to 8, so two free coffees
        // (the 3rd and the 6th); the 60 points pay for two redemptions
        int tills = 6;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Payment>> paid = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(tills)) {
            for (int i = 0; i < tills; i++) {
                paid.add(pool.submit(() -> {
                    start.await();
                    return pay(w, 9301, 300, new Basket(coffees(1).items(), true), CaptureMethod.MANUAL);
                }));
            }
            start.countDown();
            List<LoyaltyApplication> applied = new java.util.ArrayList<>();
            for (var f : paid) applied.add(w.store().application(f.get().id()).orElseThrow());
            assertThat(applied.stream().mapToInt(LoyaltyApplication::freeUnits).sum()).as("every 3rd coffee free, each once").isEqualTo(2);
            assertThat(applied.stream().mapToLong(LoyaltyApplication::pointsRedeemed).sum()).as("60 points pay two redemptions").isEqualTo(60);
        }
        assertThat(w.store().balance(merchant, c)).isZero();
        assertThat(w.store().stamps(merchant, c, "coffee")).isEqualTo(2 + tills);
        assertThat(new LedgerAudit(w.storage(), Optional.of(w.store())).check().problems()).isEmpty();
    }

    @Test
    void aDeclinedPaymentReleasesItsHeldPrice() {
        World w = world();
        var merchant = w.f().merchant.merchant().id();
        w.loyalty().define(new LoyaltyProgramme(merchant, "Beans", Currency.require("EUR"), 10, Optional.of(new Reward.EveryNthItemFree("Coffee", 2)),
                Optional.empty(), Optional.empty(), Instant.EPOCH));
        CustomerId c = enrol(w, 9311, false);
        w.loyalty().join(merchant, c, "Jo", "l-1", ConsentChannel.KIOSK);
        pay(w, 9311, 300, coffees(1), CaptureMethod.AUTOMATIC);
        // priced (the 2nd coffee free) but never authorised: the hold is released and the next payment gets the reward
        var created = (PaymentService.CreateOutcome.Created) w.payments().create(merchant, w.f().terminal.id(), Money.of(300, "EUR"), CaptureMethod.MANUAL);
        w.store().saveBasket(created.payment().id(), coffees(1));
        assertThat(w.loyalty().priceFor(created.payment(), c, Instant.now()).orElseThrow().freeUnits()).isEqualTo(1);
        var other = (PaymentService.CreateOutcome.Created) w.payments().create(merchant, w.f().terminal.id(), Money.of(300, "EUR"), CaptureMethod.MANUAL);
        w.store().saveBasket(other.payment().id(), coffees(1));
        assertThat(w.loyalty().priceFor(other.payment(), c, Instant.now()).orElseThrow().freeUnits()).as("held by the first").isZero();
        w.loyalty().release(created.payment().id());
        assertThat(w.loyalty().priceFor(other.payment(), c, Instant.now()).orElseThrow().freeUnits()).as("released").isEqualTo(1);
    }

    @Test
    void entriesTicketsAgeAndErasure() {
        World w = world();
        var merchant = w.f().merchant.merchant().id();
        CustomerId c = enrol(w, 9201, false);
        var audit = JdbcPrivacyStorage.over(w.storage()).audit();
        var gallery = new org.openpalm.payments.access.AccessGallery(
                () -> new org.openpalm.payments.identify.IndexedPalmIdentifier(org.openpalm.payments.identify.IdentifierConfig.DEFAULT), w.storage().palms());
        EntryService entries = new EntryService(w.storage().transactor(), w.access(), w.store(), w.palms(), audit, PaymentsFixture.CLOCK,
                Optional.of(gallery));
        AgeService ages = new AgeService(w.storage().transactor(), w.access(), w.palms(), audit, PaymentsFixture.CLOCK);
        Terminal gate = w.f().merchants.addTerminal(merchant, w.f().store.id(), PaymentsFixture.newTerminalKey(), TerminalRole.GATE).orElseThrow();
        // without the entry consent the shopper is a stranger at this gate: not named, not linked, not audited
        assertThat(entries.enter(gate, PaymentsFixture.probe(9201))).isEqualTo(new EntryDecision.Denied(EntryDecision.DenialReason.NOT_RECOGNISED));
        assertThat(w.access().entriesOf(c)).isEmpty();
        assertThat(audit.about(c.value())).noneMatch(e -> e.action().equals(org.openpalm.payments.audit.AuditAction.ENTRY.name()));
        assertThat(w.access().perDay(merchant, java.time.LocalDate.of(2000, 1, 1)))
                .as("the refused entry is still counted").isNotEmpty();
        entries.grant(merchant, c, "e-1", ConsentChannel.KIOSK);
        assertThat(gallery.size(merchant)).as("the gate's gallery holds the consented palm").isEqualTo(1);
        assertThat(new org.openpalm.payments.access.AccessGallery(() -> new org.openpalm.payments.identify.IndexedPalmIdentifier(
                org.openpalm.payments.identify.IdentifierConfig.DEFAULT), w.storage().palms()).load(w.access().activeConsents())).isEqualTo(1);
        Instant now = Instant.now();
        entries.issue(merchant, c, "Ivy", now.plus(1, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS));
        assertThat(entries.enter(gate, PaymentsFixture.probe(9201))).isEqualTo(new EntryDecision.Denied(EntryDecision.DenialReason.TICKET_NOT_YET_VALID));
        entries.issue(merchant, c, "Ivy", now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS));
        assertThat(entries.enter(gate, PaymentsFixture.probe(9201))).isEqualTo(new EntryDecision.Allowed("Ivy", EntryDecision.Via.TICKET));
        assertThat(entries.enter(gate, PaymentsFixture.probe(9999))).isEqualTo(new EntryDecision.Denied(EntryDecision.DenialReason.NOT_RECOGNISED));
        var days = entries.perDay(merchant, 7);
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.allowed()).isEqualTo(1);
            assertThat(d.denied()).isEqualTo(3);
        });

        assertThat(ages.check(gate, PaymentsFixture.probe(9201), 18)).isInstanceOf(AgeAnswer.NotVerified.class);
        ages.attest(gate, c, LocalDate.now().minusYears(19), "st-1", DocumentType.DRIVING_LICENCE);
        assertThat(ages.check(gate, PaymentsFixture.probe(9201), 18)).isInstanceOf(AgeAnswer.Yes.class);
        assertThat(ages.check(gate, PaymentsFixture.probe(9201), 21)).isInstanceOf(AgeAnswer.No.class);
        assertThat(w.access().attestation(c).orElseThrow().documentType()).isEqualTo(DocumentType.DRIVING_LICENCE);

        assertThat(w.access().forget(c)).isPositive();
        gallery.forget(c);
        assertThat(gallery.size(merchant)).isZero();
        assertThat(w.access().consentsOf(c)).isEmpty();
        assertThat(w.access().ticketsOf(c)).isEmpty();
        assertThat(w.access().entriesOf(c)).isEmpty();
        assertThat(w.access().attestation(c)).isEmpty();
        assertThat(entries.perDay(merchant, 7).getFirst().allowed()).as("entries stay counted").isEqualTo(1);
    }
}
