package org.openpalm.payments.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.Storage;

/**
 * The customer's rights over their data: consents (granted and withdrawn separately), erasure of
 * palm data, export of everything held, and the retention schedule. Every access or change is
 * appended to the audit log in the same transaction as the change.
 *
 * <p>Erasure removes the palm templates from the database and from the in-memory identifier;
 * payments and ledger entries stay (bookkeeping law), and they never pointed at palm data: a
 * payment names the customer and card, not the enrolment.
 */
public final class PrivacyService {
    private final Storage storage;
    private final PrivacyPorts ports;
    private final PalmIdentifier identifier;
    private final RetentionConfig retention;
    private final Clock clock;
    private final List<PalmLinkedData> linked;

    public PrivacyService(Storage storage, PrivacyPorts ports, PalmIdentifier identifier, RetentionConfig retention, Clock clock) {
        this(storage, ports, identifier, retention, clock, List.of());
    }

    /** With {@code linked}: data that goes with the palm data (memberships, entry, age), erased with it. */
    public PrivacyService(Storage storage, PrivacyPorts ports, PalmIdentifier identifier, RetentionConfig retention, Clock clock,
                          List<PalmLinkedData> linked) {
        this.linked = List.copyOf(linked);
        this.storage = Objects.requireNonNull(storage, "storage");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The result of granting or withdrawing a consent. */
    public sealed interface ConsentChange {
        record Granted(Consent consent) implements ConsentChange {}

        /** Withdrawn; for biometric processing, {@code palmEnrolmentsErased} palm enrolments were deleted with it. */
        record Withdrawn(Consent consent, int palmEnrolmentsErased) implements ConsentChange {}

        record AlreadyGranted(Consent consent) implements ConsentChange {}

        record AlreadyWithdrawn(Consent consent) implements ConsentChange {}

        /** There is no such consent to withdraw. */
        record NeverGiven() implements ConsentChange {}

        record UnknownCustomer() implements ConsentChange {}
    }

    /** The result of an erasure request. */
    public sealed interface Erasure {
        record Erased(int palmEnrolments) implements Erasure {}

        /** The customer holds no palm data (already erased, or withdrawn earlier). */
        record NothingHeld() implements Erasure {}

        record UnknownCustomer() implements Erasure {}
    }

    public Optional<Customer> customer(CustomerId id) {
        return storage.customers().find(id);
    }

    /** The customer's consent records, one per kind ever given. */
    public List<Consent> consents(CustomerId customer) {
        return ports.privacy().consentsOf(customer);
    }

    /** Grants (or grants again after a withdrawal) the optional shopping-insights consent. */
    public ConsentChange grantShoppingInsights(CustomerId customer, String textVersion, ConsentChannel channel, String actor) {
        Objects.requireNonNull(textVersion, "textVersion");
        return storage.transactor().inTransaction(() -> {
            if (storage.customers().find(customer).isEmpty()) return new ConsentChange.UnknownCustomer();
            Optional<Consent> existing = storage.customers().findConsent(customer, ConsentKind.SHOPPING_INSIGHTS);
            if (existing.isPresent() && existing.get().active()) return new ConsentChange.AlreadyGranted(existing.get());
            Instant now = clock.instant();
            Consent granted = new Consent(customer, ConsentKind.SHOPPING_INSIGHTS, textVersion, now, Optional.empty(), channel);
            storage.customers().saveConsent(granted);
            ports.audit().append(new AuditEvent(actor, AuditAction.CONSENT_GRANTED, customer.value(),
                    "SHOPPING_INSIGHTS text " + textVersion + " via " + channel), now);
            return new ConsentChange.Granted(granted);
        });
    }

    /**
     * Withdraws a consent. Withdrawing biometric processing erases the palm data in the same
     * transaction: palm payment cannot continue without it.
     */
    public ConsentChange withdraw(CustomerId customer, ConsentKind kind, ConsentChannel channel, String actor) {
        record Done(ConsentChange change, List<EnrolmentId> removed) {}
        Done done = storage.transactor().inTransaction(() -> {
            if (storage.customers().find(customer).isEmpty()) return new Done(new ConsentChange.UnknownCustomer(), List.of());
            Optional<Consent> existing = storage.customers().findConsent(customer, kind);
            if (existing.isEmpty()) return new Done(new ConsentChange.NeverGiven(), List.of());
            if (!existing.get().active()) return new Done(new ConsentChange.AlreadyWithdrawn(existing.get()), List.of());
            Instant now = clock.instant();
            Consent withdrawn = existing.get().withdrawn(now, channel);
            storage.customers().saveConsent(withdrawn);
            ports.audit().append(new AuditEvent(actor, AuditAction.CONSENT_WITHDRAWN, customer.value(), kind + " via " + channel), now);
            List<EnrolmentId> removed = switch (kind) {
                case BIOMETRIC_PROCESSING -> deletePalms(customer, actor, "biometric consent withdrawn", now);
                case SHOPPING_INSIGHTS -> List.of();
            };
            return new Done(new ConsentChange.Withdrawn(withdrawn, removed.size()), removed);
        });
        done.removed().forEach(identifier::remove);
        return done.change();
    }

    /**
     * Erases the customer's palm data on request: templates leave the database and the identifier,
     * and the biometric consent is marked withdrawn (palm payment stops).
     */
    public Erasure erasePalmData(CustomerId customer, ConsentChannel channel, String actor, String reason) {
        record Done(Erasure erasure, List<EnrolmentId> removed) {}
        Done done = storage.transactor().inTransaction(() -> {
            if (storage.customers().find(customer).isEmpty()) return new Done(new Erasure.UnknownCustomer(), List.of());
            Instant now = clock.instant();
            List<EnrolmentId> removed = deletePalms(customer, actor, reason, now);
            int linkedRecords = 0;
            for (PalmLinkedData data : linked) linkedRecords += data.forget(customer);
            if (linkedRecords > 0) {
                ports.audit().append(new AuditEvent(actor, AuditAction.PALM_DATA_ERASED, customer.value(),
                        linkedRecords + " palm membership record(s) deleted (loyalty, entry, age): " + reason), now);
            }
            Optional<Consent> consent = storage.customers().findConsent(customer, ConsentKind.BIOMETRIC_PROCESSING);
            if (consent.isPresent() && consent.get().active()) {
                storage.customers().saveConsent(consent.get().withdrawn(now, channel));
                ports.audit().append(new AuditEvent(actor, AuditAction.CONSENT_WITHDRAWN, customer.value(), "BIOMETRIC_PROCESSING with the erasure"), now);
            }
            return new Done(removed.isEmpty() ? new Erasure.NothingHeld() : new Erasure.Erased(removed.size()), removed);
        });
        done.removed().forEach(identifier::remove);
        return done.erasure();
    }

    private List<EnrolmentId> deletePalms(CustomerId customer, String actor, String reason, Instant now) {
        List<EnrolmentId> ids = storage.palms().ofCustomer(customer).stream().map(EnrolledPalm::id).toList();
        ids.forEach(storage.palms()::delete);
        if (!ids.isEmpty()) {
            ports.audit().append(new AuditEvent(actor, AuditAction.PALM_DATA_ERASED, customer.value(),
                    ids.size() + " palm enrolment(s) deleted: " + reason), now);
        }
        return ids;
    }

    /** Everything held about the customer; the export itself is audited (and included). */
    public Optional<DataExport> export(CustomerId id, String actor) {
        return storage.transactor().inTransaction(() -> {
            Optional<Customer> customer = storage.customers().find(id);
            if (customer.isEmpty()) return Optional.empty();
            Instant now = clock.instant();
            ports.audit().append(new AuditEvent(actor, AuditAction.DATA_EXPORTED, id.value(), "data export"), now);
            return Optional.of(new DataExport(now, customer.get(), cards(id), ports.privacy().consentsOf(id), payments(id),
                    palmEnrolments(id), ports.audit().about(id.value())));
        });
    }

    /** The customer's cards, masked: last four digits and brand only. */
    public List<DataExport.CardSummary> cards(CustomerId id) {
        Optional<CardId> defaultCard = storage.customers().find(id).flatMap(Customer::defaultCard);
        return storage.customers().cardsOf(id).stream()
                .map(c -> new DataExport.CardSummary(c.id(), c.last4(), c.brand(), c.createdAt(),
                        defaultCard.map(c.id()::equals).orElse(false)))
                .toList();
    }

    /** The customer's payments, oldest first. */
    public List<Payment> payments(CustomerId id) {
        List<Payment> payments = new ArrayList<>();
        for (var paymentId : ports.privacy().paymentsOf(id)) storage.payments().find(paymentId).ifPresent(payments::add);
        return payments;
    }

    /** How many palm enrolments are held for the customer (0 after erasure). */
    public int palmEnrolments(CustomerId id) {
        return storage.palms().ofCustomer(id).size();
    }

    /** The audit trail of a customer's data, read by {@code actor} (itself audited). */
    public List<AuditEntry> auditTrail(CustomerId customer, String actor) {
        return storage.transactor().inTransaction(() -> {
            ports.audit().append(new AuditEvent(actor, AuditAction.ADMIN_ACCESS, customer.value(), "read the audit trail"), clock.instant());
            return ports.audit().about(customer.value());
        });
    }

    /**
     * The retention job: erases the palm data of every customer who has not used it for
     * {@link RetentionConfig#palmDataRetentionDays()}. Returns how many customers it erased.
     */
    public int applyRetention() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(retention.palmDataRetentionDays()));
        int erased = 0;
        for (PrivacyRepository.PalmUse use : ports.privacy().palmUses()) {
            if (!use.lastUsed().isBefore(cutoff)) continue;
            Erasure e = erasePalmData(use.customer(), ConsentChannel.API, "retention-job",
                    "unused since " + use.lastUsed() + " (retention " + retention.palmDataRetentionDays() + " days)");
            erased += switch (e) {
                case Erasure.Erased x -> 1;
                case Erasure.NothingHeld x -> 0;
                case Erasure.UnknownCustomer x -> 0;
            };
        }
        return erased;
    }

    public RetentionConfig retention() {
        return retention;
    }
}
