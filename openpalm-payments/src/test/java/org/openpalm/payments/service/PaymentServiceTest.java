package org.openpalm.payments.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openpalm.payments.testing.PaymentsFixture.probe;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.AccountId;
import org.openpalm.payments.ledger.Ledger;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.InProcessNetwork;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** The payment use cases end to end; the store module runs the same tests over JDBC storage. */
public class PaymentServiceTest {
    protected PaymentsFixture f;
    MerchantId merchant;
    TerminalId terminal;

    /** The fixture to test; overridden to test over other storage. */
    protected PaymentsFixture newFixture() {
        return new PaymentsFixture();
    }

    @org.junit.jupiter.api.BeforeEach
    public void setUpFixture() {
        f = newFixture();
        merchant = f.merchant.merchant().id();
        terminal = f.terminal.id();
    }
    static final Currency EUR = Currency.require("EUR");

    @AfterEach
    public void ledgerAlwaysAgreesWithPayments() {
        try {
            assertThat(f.audit.check().problems()).isEmpty();
        } finally {
            tearDownFixture();
        }
    }

    /** Releases what {@link #newFixture()} opened (after the ledger check). */
    protected void tearDownFixture() {}

    /** Enrols shopper {@code n} and returns the card they enrolled with. */
    org.openpalm.payments.card.Card enrolledCard(long n) {
        f.enrol(n);
        return f.ports.customers().cardsOf(f.ports.customers().findByPhone(PaymentsFixture.phone(n)).orElseThrow().id()).getFirst();
    }

    Payment newPayment(long minor) {
        return ((PaymentService.CreateOutcome.Created) f.payments.create(merchant, terminal, new Money(minor, EUR))).payment();
    }

    @Test
    public void enrolThenPayWithThePalmThenCaptureAndRefund() {
        assertThat(f.enrol(1)).isInstanceOf(EnrolmentService.EnrolmentOutcome.Enrolled.class);
        f.enrol(2);
        Payment p = newPayment(2_500);
        PaymentOutcome paid = f.payments.presentPalm(terminal, p.id(), probe(1), Optional.empty());
        assertThat(paid).isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> {
            assertThat(d.payment().status()).isEqualTo(PaymentStatus.AUTHORISED);
            assertThat(d.payment().customer()).isPresent();
        });
        assertThat(f.payments.capture(merchant, p.id(), Optional.of(new Money(2_000, EUR))))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().captured().minor()).isEqualTo(2_000));
        assertThat(f.payments.refund(merchant, p.id(), RefundId.random(), new Money(500, EUR))).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.payments.refund(merchant, p.id(), RefundId.random(), new Money(1_501, EUR)))
                .isInstanceOfSatisfying(PaymentOutcome.Refused.class, r -> assertThat(r.reason()).contains("exceeds"));

        Ledger ledger = new Ledger(f.ports.journal());
        long fee = new Money(2_000, EUR).minor() * 150 / 10_000 + 10;
        assertThat(ledger.balance(AccountId.platformFee(EUR)).creditsPosted()).isEqualTo(fee);
        assertThat(ledger.balance(AccountId.merchantPayable(merchant, EUR)).creditsPosted()).isEqualTo(2_000);
        assertThat(ledger.balance(AccountId.merchantPayable(merchant, EUR)).debitsPosted()).isEqualTo(fee + 500);
        assertThat(ledger.balance(AccountId.cardFunding(EUR)).netDebitPosted()).isEqualTo(1_500);
    }

    @Test
    public void webhookEventsAreQueuedInTheSameTransactionAsTheChange() {
        f.merchants.addWebhookEndpoint(merchant, java.net.URI.create("https://shop.example/hooks"), java.time.Instant.now());
        assertThat(f.ports.webhooks().endpointsOf(merchant)).hasSize(1);
        f.enrol(21);
        Payment p = newPayment(1_000);
        f.payments.presentPalm(terminal, p.id(), probe(21), Optional.empty());
        f.payments.capture(merchant, p.id(), Optional.empty());
        f.payments.refund(merchant, p.id(), RefundId.random(), new Money(100, EUR));
        f.payments.refund(merchant, p.id(), RefundId.random(), new Money(10_000, EUR)); // refused: no event
        var due = f.ports.webhooks().due(java.time.Instant.now().plusSeconds(1), 10);
        assertThat(due).extracting(d -> d.event().type()).containsExactlyInAnyOrder("payment.authorised", "payment.captured", "payment.refunded");
        assertThat(due.getFirst().endpoint().secret().reveal()).startsWith("whsec_");
    }

    @Test
    public void automaticCaptureTakesTheFundsAsOneSale() {
        f.merchants.addWebhookEndpoint(merchant, java.net.URI.create("https://shop.example/hooks"), java.time.Instant.now());
        var card = enrolledCard(23);
        long before = f.network.availableMinor(card.token());
        Payment p = ((PaymentService.CreateOutcome.Created) f.payments.create(merchant, terminal, new Money(1_200, EUR),
                org.openpalm.payments.payment.CaptureMethod.AUTOMATIC)).payment();
        assertThat(p.captureMethod()).isEqualTo(org.openpalm.payments.payment.CaptureMethod.AUTOMATIC);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(23), Optional.empty())).isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> {
            assertThat(d.payment().status()).isEqualTo(PaymentStatus.CAPTURED);
            assertThat(d.payment().captured().minor()).isEqualTo(1_200);
            assertThat(d.payment().authorisation()).isPresent();
        });
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 1_200);
        assertThat(f.ports.journal().ofPayment(p.id())).extracting(t -> t.id().value().substring(p.id().value().length()))
                .containsExactlyInAnyOrder(":auth", ":capture", ":fee");
        assertThat(f.ports.webhooks().due(java.time.Instant.now().plusSeconds(1), 10)).extracting(d -> d.event().type())
                .containsExactlyInAnyOrder("payment.authorised", "payment.captured");
        assertThat(f.payments.capture(merchant, p.id(), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Refused.class, r -> assertThat(r.reason()).contains("already captured"));
        assertThat(f.payments.refund(merchant, p.id(), RefundId.random(), new Money(200, EUR))).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 1_000);
        // a manual payment is still only authorised by the palm
        Payment manual = newPayment(300);
        assertThat(manual.captureMethod()).isEqualTo(org.openpalm.payments.payment.CaptureMethod.MANUAL);
        assertThat(f.payments.presentPalm(terminal, manual.id(), probe(23), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().status()).isEqualTo(PaymentStatus.AUTHORISED));
    }

    @Test
    public void aSaleRetriedAfterACrashBetweenNetworkAndRecordIsChargedOnce() {
        var card = enrolledCard(24);
        long before = f.network.availableMinor(card.token());
        Payment p = ((PaymentService.CreateOutcome.Created) f.payments.create(merchant, terminal, new Money(800, EUR),
                org.openpalm.payments.payment.CaptureMethod.AUTOMATIC)).payment();
        // the first attempt was approved and captured at the network, then the process died before recording it
        var lost = f.network.authorise(new org.openpalm.payments.network.AuthorisationRequest(p.id(), merchant, card.token(), card.expiry(), p.amount()));
        assertThat(lost).isInstanceOfSatisfying(org.openpalm.payments.network.AuthorisationResult.Approved.class, a ->
                assertThat(f.network.capture(p.id(), new org.openpalm.payments.network.Authorisation(a.authCode(), a.rrn(), p.amount()), p.amount()))
                        .isInstanceOf(org.openpalm.payments.network.ClearingResult.Accepted.class));
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 800);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(24), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().status()).isEqualTo(PaymentStatus.CAPTURED));
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 800);
    }

    @Test
    public void aVoidThatWinsTheRaceWithTheNetworkGivesTheMoneyBack() {
        var card = enrolledCard(25);
        long before = f.network.availableMinor(card.token());
        // a network whose answer arrives after the till has voided the payment
        java.util.concurrent.atomic.AtomicReference<PaymentId> voidDuringAuthorisation = new java.util.concurrent.atomic.AtomicReference<>();
        PaymentService[] racing = new PaymentService[1];
        org.openpalm.payments.network.CardAuthoriser slow = new org.openpalm.payments.network.CardAuthoriser() {
            @Override public org.openpalm.payments.network.AuthorisationResult authorise(org.openpalm.payments.network.AuthorisationRequest r) {
                var answer = f.network.authorise(r);
                if (r.payment().equals(voidDuringAuthorisation.get())) {
                    assertThat(racing[0].voidPayment(merchant, r.payment())).isInstanceOfSatisfying(PaymentOutcome.Done.class,
                            d -> assertThat(d.payment().status()).isEqualTo(PaymentStatus.VOIDED));
                }
                return answer;
            }
            @Override public org.openpalm.payments.network.ClearingResult capture(PaymentId p, org.openpalm.payments.network.Authorisation a, Money m) { return f.network.capture(p, a, m); }
            @Override public org.openpalm.payments.network.ClearingResult reverse(PaymentId p) { return f.network.reverse(p); }
            @Override public org.openpalm.payments.network.ClearingResult refund(PaymentId p, org.openpalm.payments.network.Authorisation a, RefundId id, Money m) { return f.network.refund(p, a, id, m); }
        };
        racing[0] = new PaymentService(f.ports, f.identifier, slow, PaymentsConfig.DEFAULT, PaymentsFixture.CLOCK, PaymentsObserver.NONE);
        for (var method : org.openpalm.payments.payment.CaptureMethod.values()) {
            Payment p = ((PaymentService.CreateOutcome.Created) racing[0].create(merchant, terminal, new Money(600, EUR), method)).payment();
            voidDuringAuthorisation.set(p.id());
            assertThat(racing[0].presentPalm(terminal, p.id(), probe(25), Optional.empty())).as(method.name())
                    .isInstanceOfSatisfying(PaymentOutcome.Refused.class, r -> assertThat(r.payment().status()).isEqualTo(PaymentStatus.VOIDED));
            // the hold is reversed (manual) or the sale refunded (automatic): the shopper keeps the money
            assertThat(f.network.availableMinor(card.token())).as(method.name()).isEqualTo(before);
            assertThat(f.payments.find(merchant, p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.VOIDED);
        }
    }

    @Test
    public void lookalikePalmsAskForTheHint() {
        f.enrol(1);
        f.enrol(51);
        Payment p = newPayment(1_000);
        PalmTemplate probe = PalmTemplate.fromRoi(SyntheticPalms.lookalike(1, 51));
        assertThat(f.payments.presentPalm(terminal, p.id(), probe, Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.HintNeeded.class, h -> assertThat(h.payment().status()).isEqualTo(PaymentStatus.HINT_NEEDED));
        PalmHint hint = PaymentsFixture.phone(51).hint();
        assertThat(f.payments.presentPalm(terminal, p.id(), probe, Optional.of(hint)))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().status()).isEqualTo(PaymentStatus.AUTHORISED));
    }

    @Test
    public void insufficientFundsDeclinesWithTheShopperReason() {
        f.network.openAccount(PaymentsFixture.card(3), 100);
        f.enrol(3);
        Payment p = newPayment(101);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(3), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Declined.class, d -> {
                    assertThat(d.payment().decline().orElseThrow().code()).isEqualTo("51");
                    assertThat(d.payment().decline().orElseThrow().shopperReason()).isEqualTo("Insufficient funds");
                });
    }

    @Test
    public void unknownPalmLeavesThePaymentWaitingAndNetworkFailuresChangeNothing() {
        f.enrol(4);
        Payment p = newPayment(1_000);
        assertThat(f.payments.presentPalm(terminal, p.id(), SyntheticPalms.template(999), Optional.empty()))
                .isInstanceOf(PaymentOutcome.NotRecognised.class);
        f.network.setMode(InProcessNetwork.Mode.UNAVAILABLE);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(4), Optional.empty())).isInstanceOf(PaymentOutcome.NetworkUnavailable.class);
        f.network.setMode(InProcessNetwork.Mode.TIMEOUT);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(4), Optional.empty())).isInstanceOf(PaymentOutcome.NetworkUnavailable.class);
        assertThat(f.payments.find(merchant, p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.AWAITING_PALM);
        f.network.setMode(InProcessNetwork.Mode.NORMAL);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(4), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
    }

    @Test
    public void aLostApprovalIsReversedSoNoFundsStayHeld() {
        var card = enrolledCard(6);
        long before = f.network.availableMinor(card.token());
        Payment p = newPayment(700);
        f.network.setMode(InProcessNetwork.Mode.APPROVE_THEN_TIMEOUT);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(6), Optional.empty())).isInstanceOf(PaymentOutcome.NetworkUnavailable.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before);
        f.network.setMode(InProcessNetwork.Mode.NORMAL);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(6), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 700);
    }

    @Test
    public void aRetryAfterACrashBetweenNetworkAndRecordMovesMoneyOnce() {
        var card = enrolledCard(7);
        long before = f.network.availableMinor(card.token());
        Payment p = newPayment(900);
        // the first attempt got an approval, then the process died before recording it
        f.payments.presentPalm(terminal, p.id(), SyntheticPalms.template(999), Optional.empty()); // CREATED -> AWAITING_PALM
        var lost = f.network.authorise(new org.openpalm.payments.network.AuthorisationRequest(p.id(), merchant, card.token(), card.expiry(), p.amount()));
        assertThat(lost).isInstanceOf(org.openpalm.payments.network.AuthorisationResult.Approved.class);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(7), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 900);

        Payment authorised = f.payments.find(merchant, p.id()).orElseThrow();
        f.network.capture(p.id(), authorised.authorisation().orElseThrow(), new Money(900, EUR)); // captured, not recorded
        assertThat(f.payments.capture(merchant, p.id(), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 900);

        RefundId refund = RefundId.derivedFrom("retry-key");
        f.network.refund(p.id(), authorised.authorisation().orElseThrow(), refund, new Money(400, EUR)); // refunded, not recorded
        assertThat(f.payments.refund(merchant, p.id(), refund, new Money(400, EUR))).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 500);
        assertThat(f.payments.refund(merchant, p.id(), refund, new Money(400, EUR))).isInstanceOf(PaymentOutcome.Refused.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 500);
    }

    @Test
    public void voidReleasesTheHoldAtTheIssuer() {
        var card = enrolledCard(5);
        long before = f.network.availableMinor(card.token());
        Payment p = newPayment(700);
        f.payments.presentPalm(terminal, p.id(), probe(5), Optional.empty());
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before - 700);
        assertThat(f.payments.voidPayment(merchant, p.id())).isInstanceOf(PaymentOutcome.Done.class);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(before);
        assertThat(f.payments.voidPayment(merchant, p.id())).isInstanceOf(PaymentOutcome.Refused.class);
    }

    @Test
    public void otherMerchantsAndTerminalsSeeNothing() {
        Payment p = newPayment(700);
        assertThat(f.payments.find(MerchantId.random(), p.id())).isEmpty();
        assertThat(f.payments.capture(MerchantId.random(), p.id(), Optional.empty())).isInstanceOf(PaymentOutcome.NotFound.class);
        assertThat(f.payments.presentPalm(TerminalId.random(), p.id(), probe(1), Optional.empty())).isInstanceOf(PaymentOutcome.NotFound.class);
        assertThat(f.payments.create(MerchantId.random(), terminal, new Money(1, EUR))).isInstanceOf(PaymentService.CreateOutcome.UnknownTerminal.class);
        assertThat(f.payments.find(merchant, PaymentId.random())).isEmpty();
    }

    @Test
    public void enrolmentNeedsConsentAndRefusesDuplicatesAndClosedCards() {
        var request = new EnrolmentService.EnrolmentRequest(PaymentsFixture.phone(7), PaymentsFixture.card(7),
                new Expiry(YearMonth.now().plusYears(1)), List.of(SyntheticPalms.template(7)), false, "v1");
        assertThat(f.enrolment.enrol(request)).isInstanceOf(EnrolmentService.EnrolmentOutcome.ConsentRequired.class);
        assertThat(f.ports.customers().findByPhone(PaymentsFixture.phone(7))).isEmpty();
        f.network.openAccount(PaymentsFixture.card(8), 0);
        f.network.closeAccount(PaymentsFixture.card(8));
        assertThat(f.enrol(8)).isInstanceOf(EnrolmentService.EnrolmentOutcome.CardRefused.class);
        assertThat(f.ports.customers().findByPhone(PaymentsFixture.phone(8))).isEmpty();
        assertThat(f.enrol(9)).isInstanceOf(EnrolmentService.EnrolmentOutcome.Enrolled.class);
        assertThat(f.enrol(9)).isInstanceOf(EnrolmentService.EnrolmentOutcome.PhoneAlreadyRegistered.class);
        var samePalm = new EnrolmentService.EnrolmentRequest(PaymentsFixture.phone(10), PaymentsFixture.card(10),
                new Expiry(YearMonth.now().plusYears(1)), List.of(SyntheticPalms.captureTemplate(9, 2)), true, "v1");
        assertThat(f.enrolment.enrol(samePalm)).isInstanceOf(EnrolmentService.EnrolmentOutcome.PalmAlreadyEnrolled.class);
    }

    @Test
    public void withdrawingConsentForgetsThePalm() {
        var enrolled = (EnrolmentService.EnrolmentOutcome.Enrolled) f.enrol(11);
        assertThat(f.enrolment.withdrawBiometricConsent(enrolled.customer().id())).isTrue();
        assertThat(f.ports.palms().ofCustomer(enrolled.customer().id())).isEmpty();
        Payment p = newPayment(100);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(11), Optional.empty())).isInstanceOf(PaymentOutcome.NotRecognised.class);
    }

    @Test
    public void aSecondCardCanBecomeTheDefault() {
        var enrolled = (EnrolmentService.EnrolmentOutcome.Enrolled) f.enrol(12);
        var added = f.enrolment.addCard(enrolled.customer().id(), PaymentsFixture.card(112), new Expiry(YearMonth.now().plusYears(3)), true);
        assertThat(added).isInstanceOf(EnrolmentService.CardOutcome.Added.class);
        var card = ((EnrolmentService.CardOutcome.Added) added).card();
        assertThat(f.ports.customers().find(enrolled.customer().id()).orElseThrow().defaultCard()).contains(card.id());
        assertThat(f.ports.customers().cardsOf(enrolled.customer().id())).hasSize(2);
        Payment p = newPayment(100);
        assertThat(f.payments.presentPalm(terminal, p.id(), probe(12), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().card()).contains(card.id()));
    }

    // ---------------------------------------------------------------- money moves once (claim, then call, then settle)

    /** An authorised payment of {@code minor} by shopper {@code n}. */
    Payment authorised(long n, long minor) {
        f.enrol(n);
        Payment p = newPayment(minor);
        PaymentOutcome paid = f.payments.presentPalm(terminal, p.id(), probe(n), Optional.empty());
        assertThat(paid).isInstanceOf(PaymentOutcome.Done.class);
        return ((PaymentOutcome.Done) paid).payment();
    }

    /** Runs every call at once on its own virtual thread, started together; their outcomes in call order. */
    static List<PaymentOutcome> atOnce(List<java.util.function.Supplier<PaymentOutcome>> calls) {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<PaymentOutcome>> futures = calls.stream().map(c -> threads.submit(() -> {
                go.await();
                return c.get();
            })).toList();
            go.countDown();
            return futures.stream().map(fu -> {
                try {
                    return fu.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }

    /** The network's clearing, the recorded movements and the ledger agree (nothing to reconcile). */
    void reconciles() {
        var report = org.openpalm.payments.reconcile.Reconciliation.reconcile(f.network.clearedRecords(), f.ports.payments().allMovements(),
                f.ports.journal().allTransfers(), Optional.empty());
        assertThat(report.differences()).extracting(org.openpalm.payments.reconcile.Difference::describe).isEmpty();
    }

    @Test
    public void twentyParallelRefundsOfTheWholeAmountReachTheNetworkOnce() {
        var card = enrolledCard(40);
        Payment p = newPayment(1_000);
        f.payments.presentPalm(terminal, p.id(), probe(40), Optional.empty());
        assertThat(f.payments.capture(merchant, p.id(), Optional.empty())).isInstanceOf(PaymentOutcome.Done.class);
        long afterCapture = f.network.availableMinor(card.token());

        List<PaymentOutcome> outcomes = atOnce(java.util.stream.IntStream.range(0, 20).<java.util.function.Supplier<PaymentOutcome>>mapToObj(
                i -> () -> f.payments.refund(merchant, p.id(), RefundId.random(), new Money(1_000, EUR))).toList());

        assertThat(outcomes).filteredOn(o -> o instanceof PaymentOutcome.Done).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof PaymentOutcome.Refused).hasSize(19);
        assertThat(f.network.received(org.openpalm.payments.payment.MovementKind.REFUND)).as("refund messages the network received").isEqualTo(1);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(afterCapture + 1_000);
        Payment stored = f.ports.payments().find(p.id()).orElseThrow();
        assertThat(stored.refunded().minor()).isEqualTo(1_000);
        assertThat(stored.pending()).isEmpty();
        reconciles();
    }

    @Test
    public void captureAndVoidRacedReachTheNetworkOnce() {
        f.enrol(41);
        long messages = 0;
        for (int round = 0; round < 10; round++) {
            Payment p = newPayment(500 + round);
            f.payments.presentPalm(terminal, p.id(), probe(41), Optional.empty());
            List<PaymentOutcome> outcomes = atOnce(List.of(
                    () -> f.payments.capture(merchant, p.id(), Optional.empty()),
                    () -> f.payments.voidPayment(merchant, p.id())));
            assertThat(outcomes).filteredOn(o -> o instanceof PaymentOutcome.Done).hasSize(1);
            long now = f.network.received(org.openpalm.payments.payment.MovementKind.CAPTURE)
                    + f.network.received(org.openpalm.payments.payment.MovementKind.REVERSAL);
            assertThat(now - messages).as("capture and reversal messages of round " + round).isEqualTo(1);
            messages = now;
            Payment stored = f.ports.payments().find(p.id()).orElseThrow();
            assertThat(stored.status()).isIn(PaymentStatus.CAPTURED, PaymentStatus.VOIDED);
            assertThat(outcomes.get(stored.status() == PaymentStatus.CAPTURED ? 0 : 1)).isInstanceOf(PaymentOutcome.Done.class);
        }
        reconciles();
    }

    @Test
    public void aCaptureWhoseAnswerWasLostIsFinishedByItsRetryAndBlocksOtherMovementsMeanwhile() {
        var card = enrolledCard(42);
        Payment p = newPayment(700);
        f.payments.presentPalm(terminal, p.id(), probe(42), Optional.empty());
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.ANSWER_LOST);
        assertThat(f.payments.capture(merchant, p.id(), Optional.empty())).isInstanceOf(PaymentOutcome.NetworkUnavailable.class);
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.NORMAL);
        Payment claimed = f.ports.payments().find(p.id()).orElseThrow();
        assertThat(claimed.status()).isEqualTo(PaymentStatus.AUTHORISED);
        assertThat(claimed.pending()).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(org.openpalm.payments.payment.MovementKind.CAPTURE));
        // The money moved at the network: a void now must not reach it too.
        assertThat(f.payments.voidPayment(merchant, p.id()))
                .isInstanceOfSatisfying(PaymentOutcome.Refused.class, r -> assertThat(r.reason()).contains("capture").contains("in progress"));
        assertThat(f.network.received(org.openpalm.payments.payment.MovementKind.REVERSAL)).isZero();
        // The retry (same request) repeats the same message: accepted as a repeat, money taken once.
        assertThat(f.payments.capture(merchant, p.id(), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().status()).isEqualTo(PaymentStatus.CAPTURED));
        assertThat(f.network.clearedRecords()).extracting(r -> r.kind()).containsExactly(org.openpalm.payments.payment.MovementKind.CAPTURE);
        assertThat(f.network.availableMinor(card.token())).isEqualTo(100_000 - 700);
        reconciles();
    }

    @Test
    public void recoveryFinishesClaimsNobodyRetriedAndReleasesRefusedOnes() {
        f.enrol(43);
        Payment refunded = authorised(43, 900);
        f.payments.capture(merchant, refunded.id(), Optional.empty());
        Payment voided = newPayment(400);
        f.payments.presentPalm(terminal, voided.id(), probe(43), Optional.empty());
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.ANSWER_LOST);
        assertThat(f.payments.refund(merchant, refunded.id(), RefundId.random(), new Money(300, EUR))).isInstanceOf(PaymentOutcome.NetworkUnavailable.class);
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.UNAVAILABLE);
        assertThat(f.payments.voidPayment(merchant, voided.id())).isInstanceOf(PaymentOutcome.NetworkUnavailable.class);
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.NORMAL);
        assertThat(f.ports.payments().withClaimsBefore(java.time.Instant.now().plusSeconds(1))).hasSize(2);
        // The server's own service would wait a minute; this one takes claims older than a millisecond,
        // on a clock a second ahead (a claim made a moment ago could otherwise still be younger than that).
        PaymentService recovery = new PaymentService(f.ports, f.identifier, f.network, new PaymentsConfig(1, 4, 1_000,
                org.openpalm.payments.money.FeeSchedule.DEFAULT, 1), java.time.Clock.offset(PaymentsFixture.CLOCK, java.time.Duration.ofSeconds(1)),
                PaymentsObserver.NONE);
        assertThat(recovery.recoverClaims()).isEqualTo(2);
        assertThat(f.ports.payments().find(refunded.id()).orElseThrow().refunded().minor()).isEqualTo(300);
        assertThat(f.ports.payments().find(voided.id()).orElseThrow().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(f.ports.payments().withClaimsBefore(java.time.Instant.now().plusSeconds(1))).isEmpty();
        assertThat(f.network.received(org.openpalm.payments.payment.MovementKind.REFUND)).as("the lost refund, then its one repeat").isEqualTo(2);
        assertThat(f.network.clearedRecords()).filteredOn(r -> r.kind() == org.openpalm.payments.payment.MovementKind.REFUND).hasSize(1);
        reconciles();
        assertThat(recovery.recoverClaims()).isZero();
    }

    @Test
    public void aMovementTheNetworkRefusesLiftsItsClaim() {
        Payment p = authorised(45, 600);
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.REFUSED);
        assertThat(f.payments.capture(merchant, p.id(), Optional.empty()))
                .isInstanceOfSatisfying(PaymentOutcome.Refused.class, r -> assertThat(r.reason()).contains("rejected the capture"));
        f.network.setClearingMode(org.openpalm.payments.network.InProcessNetwork.ClearingMode.NORMAL);
        Payment stored = f.ports.payments().find(p.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.AUTHORISED);
        assertThat(stored.pending()).isEmpty();
        assertThat(f.payments.voidPayment(merchant, p.id()))
                .isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> assertThat(d.payment().status()).isEqualTo(PaymentStatus.VOIDED));
        reconciles();
    }

    @Test
    public void reconciliationFindsAHandMadeDifference() {
        Payment p = authorised(44, 800);
        f.payments.capture(merchant, p.id(), Optional.empty());
        f.payments.refund(merchant, p.id(), RefundId.random(), new Money(100, EUR));
        reconciles();
        var records = new java.util.ArrayList<>(f.network.clearedRecords());
        var extra = new org.openpalm.payments.reconcile.ClearingRecord(records.getFirst().date(), "inprocess",
                org.openpalm.payments.payment.MovementKind.REFUND, new org.openpalm.payments.network.NetworkReference("ip-ref-forged"),
                "000000000000", 100, "EUR", java.time.Instant.now());
        var removedRefund = records.removeLast();
        records.add(extra);
        var report = org.openpalm.payments.reconcile.Reconciliation.reconcile(records, f.ports.payments().allMovements(),
                f.ports.journal().allTransfers(), Optional.empty());
        assertThat(report.ok()).isFalse();
        assertThat(report.differences()).hasSize(2);
        assertThat(report.differences()).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(
                org.openpalm.payments.reconcile.Difference.NotInLedger.class, n -> assertThat(n.record()).isEqualTo(extra)));
        assertThat(report.differences()).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(
                org.openpalm.payments.reconcile.Difference.NotCleared.class,
                n -> assertThat(n.transfer().id().value()).contains(":refund:")));
        assertThat(removedRefund.kind()).isEqualTo(org.openpalm.payments.payment.MovementKind.REFUND);
    }
}
