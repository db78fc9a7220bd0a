package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.PaymentOutcome;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.service.PaymentsObserver;
import org.openpalm.payments.service.PreEnrolmentConfig;
import org.openpalm.payments.service.PreEnrolmentService;
import org.openpalm.payments.service.PreEnrolmentStore;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/**
 * Pre-enrolment from the phone page and its confirmation at the first palm payment, each rule on
 * H2 and PostgreSQL: pending palms are found by no search, the reader asks for the digits, a 1:1
 * match pays and activates (with the reader's capture added), three failed confirmations and 30
 * days unconfirmed delete it, and the audit log records every step.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcPreEnrolmentTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;
    private Storage storage;
    private AuditLog audit;
    private PaymentsFixture f;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private PreEnrolmentService preEnrolments;
    private PreEnrolmentStore store;
    private PaymentService payments;

    @BeforeEach
    void open() {
        opened = db.open();
        storage = JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys")));
        audit = JdbcPrivacyStorage.over(storage).audit();
        f = new PaymentsFixture(storage, audit);
        store = JdbcStorage.preEnrolments(storage);
        EnrolmentService enrolment = new EnrolmentService(storage, f.identifier, f.network, audit, clock);
        preEnrolments = new PreEnrolmentService(storage, store, enrolment, f.identifier, audit, PreEnrolmentConfig.DEFAULT, clock);
        payments = new PaymentService(storage, f.identifier, f.network, PaymentsConfig.DEFAULT, clock, PaymentsObserver.NONE, preEnrolments);
    }

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    /** Pre-enrols customer n with two hands: palm n (left) and palm n + 500 (right), 3 captures each. */
    private CustomerId preEnrol(long n) {
        var outcome = preEnrolments.preEnrol(request(n));
        assertThat(outcome).isInstanceOf(EnrolmentService.EnrolmentOutcome.Enrolled.class);
        return ((EnrolmentService.EnrolmentOutcome.Enrolled) outcome).customer().id();
    }

    private static EnrolmentService.EnrolmentRequest request(long n) {
        return new EnrolmentService.EnrolmentRequest(PaymentsFixture.phone(n), PaymentsFixture.card(n), new Expiry(java.time.YearMonth.now().plusYears(2)),
                List.of(SyntheticPalms.captureTemplate(n, 1), SyntheticPalms.captureTemplate(n, 2), SyntheticPalms.captureTemplate(n, 3)), true,
                "phone-v1", false, ConsentChannel.PHONE_PAGE,
                List.of(SyntheticPalms.captureTemplate(n + 500, 1), SyntheticPalms.captureTemplate(n + 500, 2), SyntheticPalms.captureTemplate(n + 500, 3)));
    }

    private PaymentId newPayment() {
        var created = (PaymentService.CreateOutcome.Created) payments.create(f.merchant.merchant().id(), f.terminal.id(), Money.of(1_500, "EUR"));
        return created.payment().id();
    }

    private PaymentOutcome present(PaymentId payment, long palm, Optional<String> hint) {
        return payments.presentPalm(f.terminal.id(), payment, SyntheticPalms.captureTemplate(palm, 9), hint.map(PalmHint::new));
    }

    private static String digits(long n) {
        String phone = PaymentsFixture.phone(n).e164();
        return phone.substring(phone.length() - 4);
    }

    private List<String> actions(CustomerId customer) {
        return audit.about(customer.value()).stream().map(AuditEntry::action).toList();
    }

    private int activeOnRestart() {
        IndexedPalmIdentifier fresh = new IndexedPalmIdentifier(IdentifierConfig.DEFAULT);
        return new EnrolmentService(storage, fresh, f.network, audit, clock).loadIdentifier();
    }

    @Test
    void pendingPalmsAreFoundByNoSearchAndTheReaderAsksForTheDigits() {
        CustomerId customer = preEnrol(61);
        assertThat(store.find(customer)).hasValueSatisfying(p -> {
            assertThat(p.hint().lastFourDigits()).isEqualTo(digits(61));
            assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
            assertThat(p.failedConfirmations()).isZero();
        });
        assertThat(storage.palms().ofCustomer(customer)).hasSize(2);
        // nor does a cluster's map loader: neither listed nor read by id
        assertThat(storage.palms().allPalmIds()).isEmpty();
        assertThat(storage.palms().findAll(storage.palms().ofCustomer(customer).stream().map(EnrolledPalm::id).toList())).isEmpty();
        // neither the identifier nor a restart's load holds a pending palm, with or without the hint
        assertThat(f.identifier.size()).isZero();
        assertThat(activeOnRestart()).isZero();
        assertThat(f.identifier.identify(SyntheticPalms.captureTemplate(61, 9), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        assertThat(f.identifier.identify(SyntheticPalms.captureTemplate(61, 9), Optional.of(new PalmHint(digits(61)))))
                .isInstanceOf(Identification.NotRecognised.class);
        // the payment without the digits does not pay: the reader is told to ask for them
        PaymentId payment = newPayment();
        assertThat(present(payment, 61, Optional.empty())).isInstanceOfSatisfying(PaymentOutcome.HintNeeded.class,
                h -> assertThat(h.payment().status()).isEqualTo(PaymentStatus.HINT_NEEDED));
        assertThat(store.find(customer)).isPresent();
        assertThat(actions(customer)).contains(AuditAction.ENROLMENT.name(), AuditAction.CONSENT_GRANTED.name())
                .doesNotContain(AuditAction.PRE_ENROLMENT_CONFIRMED.name());
        assertThat(audit.about(customer.value()).getFirst().details()).contains("PENDING_CONFIRMATION");
    }

    @Test
    void theFirstPaymentWithTheDigitsMatchesOneToOnePaysAndActivates() {
        CustomerId customer = preEnrol(62);
        PaymentId first = newPayment();
        assertThat(present(first, 62, Optional.empty())).isInstanceOf(PaymentOutcome.HintNeeded.class);
        // the right hand (palm 562) at the reader, with the digits
        assertThat(present(first, 562, Optional.of(digits(62)))).isInstanceOfSatisfying(PaymentOutcome.Done.class, d -> {
            assertThat(d.payment().status()).isEqualTo(PaymentStatus.AUTHORISED);
            assertThat(d.payment().customer()).contains(customer);
        });
        assertThat(store.find(customer)).isEmpty();
        // the reader's capture joined the matched hand's enrolment; both hands are active
        assertThat(storage.palms().ofCustomer(customer)).extracting(p -> p.templates().size()).containsExactlyInAnyOrder(3, 4);
        assertThat(f.identifier.size()).isEqualTo(2);
        assertThat(activeOnRestart()).isEqualTo(2);
        assertThat(actions(customer)).contains(AuditAction.PRE_ENROLMENT_CONFIRMED.name());
        // later payments need no digits, with either hand
        PaymentId later = newPayment();
        assertThat(present(later, 62, Optional.empty())).isInstanceOfSatisfying(PaymentOutcome.Done.class,
                d -> assertThat(d.payment().customer()).contains(customer));
    }

    @Test
    void threeFailedConfirmationsDeleteThePreEnrolment() {
        CustomerId customer = preEnrol(63);
        CustomerId bystander = preEnrol(64);
        PaymentId payment = newPayment();
        // a stranger's palm (77) with customer 63's digits: two failed tries keep it pending
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(present(payment, 77, Optional.of(digits(63)))).isInstanceOf(PaymentOutcome.NotRecognised.class);
            int tries = attempt;
            assertThat(store.find(customer)).hasValueSatisfying(p -> assertThat(p.failedConfirmations()).isEqualTo(tries));
        }
        // digits nobody pre-enrolled with count against nobody
        assertThat(present(payment, 77, Optional.of("0000"))).isInstanceOf(PaymentOutcome.NotRecognised.class);
        assertThat(store.find(bystander)).hasValueSatisfying(p -> assertThat(p.failedConfirmations()).isZero());
        assertThat(present(payment, 77, Optional.of(digits(63)))).isInstanceOf(PaymentOutcome.NotRecognised.class);
        assertThat(store.find(customer)).isEmpty();
        assertThat(storage.customers().find(customer)).isEmpty();
        assertThat(storage.customers().findByPhone(PaymentsFixture.phone(63))).isEmpty();
        assertThat(storage.palms().ofCustomer(customer)).isEmpty();
        assertThat(actions(customer)).containsSubsequence(AuditAction.ENROLMENT.name(), AuditAction.PRE_ENROLMENT_CONFIRMATION_FAILED.name(),
                AuditAction.PRE_ENROLMENT_CONFIRMATION_FAILED.name(), AuditAction.PRE_ENROLMENT_CONFIRMATION_FAILED.name(),
                AuditAction.PRE_ENROLMENT_DELETED.name());
        // now the genuine palm with those digits is refused too: nothing is left to confirm
        assertThat(present(newPayment(), 63, Optional.of(digits(63)))).isInstanceOf(PaymentOutcome.NotRecognised.class);
        assertThat(store.find(bystander)).isPresent();
    }

    @Test
    void anUnconfirmedPreEnrolmentIsDeletedAfterThirtyDays() {
        CustomerId customer = preEnrol(65);
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(preEnrolments.purgeLapsed()).isZero();
        assertThat(store.find(customer)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        // lapsed: not confirmable any more, even before the job runs, and no try is counted
        assertThat(present(newPayment(), 65, Optional.of(digits(65)))).isInstanceOf(PaymentOutcome.NotRecognised.class);
        assertThat(store.find(customer)).hasValueSatisfying(p -> assertThat(p.failedConfirmations()).isZero());
        assertThat(preEnrolments.purgeLapsed()).isEqualTo(1);
        assertThat(storage.customers().find(customer)).isEmpty();
        assertThat(storage.palms().ofCustomer(customer)).isEmpty();
        assertThat(actions(customer)).endsWith(AuditAction.PRE_ENROLMENT_DELETED.name());
        assertThat(audit.about(customer.value()).getLast().details()).contains("unconfirmed 30 days");
        // the phone may pre-enrol again
        assertThat(preEnrolments.preEnrol(request(65))).isInstanceOf(EnrolmentService.EnrolmentOutcome.Enrolled.class);
    }

    @Test
    void aPendingPhoneCannotEnrolTwiceAndOnlyThePhonePageMayPreEnrol() {
        preEnrol(66);
        assertThat(preEnrolments.preEnrol(request(66))).isInstanceOf(EnrolmentService.EnrolmentOutcome.PhoneAlreadyRegistered.class);
        var kiosk = new EnrolmentService.EnrolmentRequest(PaymentsFixture.phone(67), PaymentsFixture.card(67),
                new Expiry(java.time.YearMonth.now().plusYears(2)), List.of(SyntheticPalms.template(67)), true, "v1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> preEnrolments.preEnrol(kiosk)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
