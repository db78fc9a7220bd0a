package org.openpalm.payments.testing;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.Validated;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalPublicKey;
import org.openpalm.payments.network.InProcessNetwork;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.payments.service.MerchantService;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.service.PaymentsObserver;
import org.openpalm.payments.service.Storage;

/** The payment services over in-memory storage and the in-process network. */
public final class PaymentsFixture {
    /** Microsecond ticks: what PostgreSQL keeps, so stored and reloaded times are equal. */
    public static final Clock CLOCK = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    public final Storage ports;
    public final InProcessNetwork network = new InProcessNetwork(100_000);
    public final IndexedPalmIdentifier identifier = new IndexedPalmIdentifier(IdentifierConfig.DEFAULT);
    public final MerchantService merchants;
    public final EnrolmentService enrolment;
    public final PaymentService payments;
    public final LedgerAudit audit;
    /** Where the enrolment service records enrolments; the JDBC tests pass the database's. */
    public final org.openpalm.payments.audit.AuditLog auditLog;
    public final MerchantService.Onboarded merchant;
    public final Store store;
    public final Terminal terminal;

    public PaymentsFixture() {
        this(new InMemoryStorage().storage());
    }

    public PaymentsFixture(Storage ports) {
        this(ports, new InMemoryAuditLog());
    }

    public PaymentsFixture(Storage ports, org.openpalm.payments.audit.AuditLog auditLog) {
        this.ports = ports;
        this.auditLog = auditLog;
        merchants = new MerchantService(ports);
        enrolment = new EnrolmentService(ports, identifier, network, auditLog, CLOCK);
        payments = new PaymentService(ports, identifier, network, PaymentsConfig.DEFAULT, CLOCK, PaymentsObserver.NONE);
        audit = new LedgerAudit(ports);
        merchant = merchants.onboard("Corner Shop");
        store = merchants.addStore(merchant.merchant().id(), "High Street").orElseThrow();
        terminal = merchants.addTerminal(merchant.merchant().id(), store.id(), newTerminalKey()).orElseThrow();
    }

    public static TerminalPublicKey newTerminalKey() {
        try {
            return new TerminalPublicKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T valid(Validated<T> v) {
        return switch (v) {
            case Validated.Valid<T> ok -> ok.value();
            case Validated.Invalid<T> bad -> throw new AssertionError("invalid: " + bad.reason());
        };
    }

    /** A test card number (Luhn-valid, 16 digits) derived from n. */
    public static CardNumber card(long n) {
        String body = "4000" + String.format("%011d", n);
        for (int c = 0; c < 10; c++) {
            if (CardNumber.parse(body + c) instanceof Validated.Valid<CardNumber> v) return v.value();
        }
        throw new IllegalStateException();
    }

    public static PhoneNumber phone(long n) {
        return new PhoneNumber("+4477009" + String.format("%05d", n));
    }

    /** Enrols customer n with palm seed n and card n; returns the outcome. */
    public EnrolmentService.EnrolmentOutcome enrol(long n) {
        return enrolment.enrol(new EnrolmentService.EnrolmentRequest(phone(n), card(n), new Expiry(java.time.YearMonth.now().plusYears(2)),
                List.of(SyntheticPalms.template(n)), true, "v1"));
    }

    public static PalmTemplate probe(long n) {
        return SyntheticPalms.captureTemplate(n, 7);
    }
}
