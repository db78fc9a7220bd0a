package org.openpalm.payments.age;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.Transactor;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.payment.Decline;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.PalmLookup;

/**
 * Age by palm: staff attest once at a kiosk; readers ask "18+?" (an age-check mode, or a payment
 * with restricted items) and get yes, no or not verified. All audited.
 */
public final class AgeService implements PaymentAgeCheck {
    private final Transactor tx;
    private final AgeStore store;
    private final PalmLookup palms;
    private final AuditLog audit;
    private final Clock clock;

    public AgeService(Transactor tx, AgeStore store, PalmLookup palms, AuditLog audit, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.palms = palms;
        this.audit = audit;
        this.clock = clock;
    }

    public AgeStore store() {
        return store;
    }

    public sealed interface AttestOutcome {
        record Attested(AgeAttestation attestation) implements AttestOutcome {}

        record NotRecognised() implements AttestOutcome {}

        record Ambiguous() implements AttestOutcome {}
    }

    /** Staff at {@code kiosk} checked a document of the shopper presenting this palm. */
    public AttestOutcome attest(Terminal kiosk, PalmTemplate probe, LocalDate bornOnOrBefore, String staffId, DocumentType document) {
        return switch (palms.lookup(probe)) {
            case PalmLookup.Found.NotRecognised n -> new AttestOutcome.NotRecognised();
            case PalmLookup.Found.Ambiguous a -> new AttestOutcome.Ambiguous();
            case PalmLookup.Found.Customer c -> new AttestOutcome.Attested(attest(kiosk, c.id(), bornOnOrBefore, staffId, document));
        };
    }

    public AgeAttestation attest(Terminal kiosk, CustomerId customer, LocalDate bornOnOrBefore, String staffId, DocumentType document) {
        Instant now = clock.instant();
        AgeAttestation a = new AgeAttestation(customer, bornOnOrBefore, staffId, kiosk.store(), document, now);
        tx.inTransaction(() -> {
            store.save(a);
            audit.append(new AuditEvent("terminal:" + kiosk.id().value(), AuditAction.AGE_ATTESTED, customer.value(),
                    "age attested by staff " + staffId + " at " + kiosk.store().value() + " from a " + document.name().toLowerCase().replace('_', ' ')), now);
            return true;
        });
        return a;
    }

    /** "{@code minimumAge}+?" for the shopper presenting this palm at {@code reader}. */
    public AgeAnswer check(Terminal reader, PalmTemplate probe, int minimumAge) {
        return switch (palms.lookup(probe)) {
            case PalmLookup.Found.NotRecognised n -> new AgeAnswer.NotRecognised();
            case PalmLookup.Found.Ambiguous a -> new AgeAnswer.Ambiguous();
            case PalmLookup.Found.Customer c -> check(reader, c.id(), minimumAge);
        };
    }

    public AgeAnswer check(Terminal reader, CustomerId customer, int minimumAge) {
        Instant now = clock.instant();
        AgeAnswer answer = answer(customer, minimumAge, now);
        audit("terminal:" + reader.id().value(), customer, minimumAge + "+? " + said(answer) + " at " + reader.store().value(), now);
        return answer;
    }

    @Override
    public void require(PaymentId payment, int minimumAge) {
        if (minimumAge < 1 || minimumAge > 125) throw new IllegalArgumentException("minimum age must be 1..125");
        store.requireAge(payment, minimumAge);
    }

    @Override
    public Optional<Decline> refusal(Payment payment, CustomerId payer) {
        OptionalInt required = store.minimumAge(payment.id());
        if (required.isEmpty()) return Optional.empty();
        int age = required.getAsInt();
        Instant now = clock.instant();
        AgeAnswer answer = answer(payer, age, now);
        audit("terminal:" + payment.terminal().value(), payer, age + "+? " + said(answer) + " for the restricted items of payment " + payment.id().value(), now);
        return switch (answer) {
            case AgeAnswer.Yes y -> Optional.empty();
            case AgeAnswer.No n -> Optional.of(Decline.underAge(age));
            case AgeAnswer.NotVerified v -> Optional.of(Decline.ageNotVerified(age, v.howTo()));
            // the payer was identified before this is asked
            case AgeAnswer.NotRecognised r -> Optional.of(Decline.ageNotVerified(age, AgeAnswer.HOW_TO_VERIFY));
            case AgeAnswer.Ambiguous m -> Optional.of(Decline.ageNotVerified(age, AgeAnswer.HOW_TO_VERIFY));
        };
    }

    /** The attestation's answer for an identified shopper. */
    private AgeAnswer answer(CustomerId customer, int minimumAge, Instant now) {
        Optional<AgeAttestation> a = store.attestation(customer);
        return a.isEmpty() ? new AgeAnswer.NotVerified(AgeAnswer.HOW_TO_VERIFY)
                : a.get().proves(minimumAge, LocalDate.ofInstant(now, ZoneOffset.UTC)) ? new AgeAnswer.Yes() : new AgeAnswer.No();
    }

    private static String said(AgeAnswer answer) {
        return switch (answer) {
            case AgeAnswer.Yes y -> "yes";
            case AgeAnswer.No n -> "no";
            case AgeAnswer.NotVerified v -> "not verified";
            case AgeAnswer.NotRecognised r -> "not recognised";
            case AgeAnswer.Ambiguous m -> "ambiguous";
        };
    }

    private void audit(String actor, CustomerId customer, String details, Instant now) {
        tx.inTransaction(() -> audit.append(new AuditEvent(actor, AuditAction.AGE_CHECKED, customer.value(), details), now));
    }
}
