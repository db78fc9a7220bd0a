package org.openpalm.payments.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.card.Card;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.TokenService;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * Enrolment: a customer (phone), explicit biometric consent, a card exchanged for a network token,
 * and palm templates. The card number goes only to the token service; templates are stored
 * encrypted by the palm repository.
 */
public final class EnrolmentService {
    private final Storage storage;
    private final PalmIdentifier identifier;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Clock clock;

    /** Enrolments and biometric-consent withdrawals are appended to {@code audit} in the same transaction. */
    public EnrolmentService(Storage storage, PalmIdentifier identifier, TokenService tokens, AuditLog audit, Clock clock) {
        this.storage = storage;
        this.identifier = identifier;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Everything an enrolment needs, already validated at the edge. {@code palms} are the captures of
     * one hand; {@code secondHandPalms}, when not empty, those of the other hand (stored as a
     * second enrolled palm of the same customer). {@code insightsConsent} is the optional
     * shopping-insights consent (same text version), given on {@code channel}.
     */
    public record EnrolmentRequest(PhoneNumber phone, CardNumber card, Expiry expiry, List<PalmTemplate> palms,
                                   boolean biometricConsent, String consentTextVersion, boolean insightsConsent, ConsentChannel channel,
                                   List<PalmTemplate> secondHandPalms) {
        public EnrolmentRequest {
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(card, "card");
            Objects.requireNonNull(expiry, "expiry");
            palms = List.copyOf(palms);
            Objects.requireNonNull(consentTextVersion, "consentTextVersion");
            Objects.requireNonNull(channel, "channel");
            secondHandPalms = List.copyOf(secondHandPalms);
        }

        /** At the kiosk, one hand, without the optional shopping-insights consent. */
        public EnrolmentRequest(PhoneNumber phone, CardNumber card, Expiry expiry, List<PalmTemplate> palms, boolean biometricConsent,
                                String consentTextVersion) {
            this(phone, card, expiry, palms, biometricConsent, consentTextVersion, false, ConsentChannel.KIOSK, List.of());
        }

        /** One hand, with or without the shopping-insights consent. */
        public EnrolmentRequest(PhoneNumber phone, CardNumber card, Expiry expiry, List<PalmTemplate> palms, boolean biometricConsent,
                                String consentTextVersion, boolean insightsConsent, ConsentChannel channel) {
            this(phone, card, expiry, palms, biometricConsent, consentTextVersion, insightsConsent, channel, List.of());
        }

        /** At the kiosk, without the shopping-insights consent; {@code secondHandPalms} may be empty. */
        public EnrolmentRequest(PhoneNumber phone, CardNumber card, Expiry expiry, List<PalmTemplate> palms, boolean biometricConsent,
                                String consentTextVersion, List<PalmTemplate> secondHandPalms) {
            this(phone, card, expiry, palms, biometricConsent, consentTextVersion, false, ConsentChannel.KIOSK, secondHandPalms);
        }

        @Override
        public String toString() {
            return "EnrolmentRequest[" + phone + ", " + card + ", " + palms.size() + " palm(s)]";
        }
    }

    /** The result of an enrolment. */
    public sealed interface EnrolmentOutcome {
        record Enrolled(Customer customer, Card card, EnrolmentId enrolment) implements EnrolmentOutcome {}

        record ConsentRequired() implements EnrolmentOutcome {}

        record NoPalm() implements EnrolmentOutcome {}

        record PhoneAlreadyRegistered() implements EnrolmentOutcome {}

        /** This palm already belongs to an enrolled customer. */
        record PalmAlreadyEnrolled() implements EnrolmentOutcome {}

        record CardRefused(String reason) implements EnrolmentOutcome {}

        record NetworkUnavailable(String reason) implements EnrolmentOutcome {}
    }

    public EnrolmentOutcome enrol(EnrolmentRequest request) {
        if (!request.biometricConsent()) return new EnrolmentOutcome.ConsentRequired();
        if (request.palms().isEmpty()) return new EnrolmentOutcome.NoPalm();
        if (storage.customers().findByPhone(request.phone()).isPresent()) return new EnrolmentOutcome.PhoneAlreadyRegistered();
        for (PalmTemplate t : java.util.stream.Stream.concat(request.palms().stream(), request.secondHandPalms().stream()).toList()) {
            if (identifier.identify(t, Optional.empty()) instanceof Identification.Identified) {
                return new EnrolmentOutcome.PalmAlreadyEnrolled();
            }
        }
        // The network call happens before the transaction; a refused card writes nothing.
        TokenService.TokenisationResult tokenised = tokens.tokenise(request.card(), request.expiry());
        return switch (tokenised) {
            case TokenService.TokenisationResult.Refused r -> new EnrolmentOutcome.CardRefused(r.reason());
            case TokenService.TokenisationResult.Unavailable u -> new EnrolmentOutcome.NetworkUnavailable(u.reason());
            case TokenService.TokenisationResult.Tokenised t -> {
                Instant now = clock.instant();
                CustomerId customerId = CustomerId.random();
                Card card = new Card(CardId.random(), customerId, t.token(), t.last4(), t.brand(), t.accountReference(), request.expiry(), now);
                Customer customer = new Customer(customerId, request.phone(), Optional.of(card.id()), now);
                EnrolledPalm palm = new EnrolledPalm(EnrolmentId.random(), customerId, request.palms(), request.phone().hint(), now);
                Optional<EnrolledPalm> secondHand = request.secondHandPalms().isEmpty() ? Optional.empty()
                        : Optional.of(new EnrolledPalm(EnrolmentId.random(), customerId, request.secondHandPalms(), request.phone().hint(), now));
                Optional<EnrolmentOutcome> conflict = storage.transactor().inTransaction(() -> {
                    if (storage.customers().findByPhone(request.phone()).isPresent()) {
                        return Optional.of(new EnrolmentOutcome.PhoneAlreadyRegistered());
                    }
                    storage.customers().insert(new Customer(customerId, request.phone(), Optional.empty(), now));
                    storage.customers().insertCard(card);
                    storage.customers().update(customer);
                    storage.customers().saveConsent(new Consent(customerId, ConsentKind.BIOMETRIC_PROCESSING,
                            request.consentTextVersion(), now, Optional.empty(), request.channel()));
                    if (request.insightsConsent()) {
                        storage.customers().saveConsent(new Consent(customerId, ConsentKind.SHOPPING_INSIGHTS,
                                request.consentTextVersion(), now, Optional.empty(), request.channel()));
                    }
                    storage.palms().insert(palm);
                    secondHand.ifPresent(storage.palms()::insert);
                    String actor = request.channel().name().toLowerCase(java.util.Locale.ROOT);
                    audit.append(new AuditEvent(actor, AuditAction.ENROLMENT, customerId.value(), request.palms().size() + request.secondHandPalms().size()
                            + " palm template(s), card " + card.brand() + " " + card.last4()), now);
                    audit.append(new AuditEvent(actor, AuditAction.CONSENT_GRANTED, customerId.value(),
                            "BIOMETRIC_PROCESSING text " + request.consentTextVersion() + " via " + request.channel()), now);
                    if (request.insightsConsent()) {
                        audit.append(new AuditEvent(actor, AuditAction.CONSENT_GRANTED, customerId.value(),
                                "SHOPPING_INSIGHTS text " + request.consentTextVersion() + " via " + request.channel()), now);
                    }
                    return Optional.empty();
                });
                if (conflict.isPresent()) yield conflict.get();
                identifier.enrol(palm.id(), palm.templates(), palm.hint());
                secondHand.ifPresent(p -> identifier.enrol(p.id(), p.templates(), p.hint()));
                yield new EnrolmentOutcome.Enrolled(customer, card, palm.id());
            }
        };
    }

    /** The result of adding a card. */
    public sealed interface CardOutcome {
        record Added(Card card) implements CardOutcome {}

        record UnknownCustomer() implements CardOutcome {}

        record CardRefused(String reason) implements CardOutcome {}

        record NetworkUnavailable(String reason) implements CardOutcome {}
    }

    /** Adds a card to a customer; it becomes the default when {@code makeDefault}. */
    public CardOutcome addCard(CustomerId customerId, CardNumber number, Expiry expiry, boolean makeDefault) {
        if (storage.customers().find(customerId).isEmpty()) return new CardOutcome.UnknownCustomer();
        return switch (tokens.tokenise(number, expiry)) {
            case TokenService.TokenisationResult.Refused r -> new CardOutcome.CardRefused(r.reason());
            case TokenService.TokenisationResult.Unavailable u -> new CardOutcome.NetworkUnavailable(u.reason());
            case TokenService.TokenisationResult.Tokenised t -> storage.transactor().inTransaction(() -> {
                Optional<Customer> customer = storage.customers().find(customerId);
                if (customer.isEmpty()) return new CardOutcome.UnknownCustomer();
                Card card = new Card(CardId.random(), customerId, t.token(), t.last4(), t.brand(), t.accountReference(), expiry, clock.instant());
                storage.customers().insertCard(card);
                if (makeDefault || customer.get().defaultCard().isEmpty()) storage.customers().update(customer.get().withDefaultCard(card.id()));
                return new CardOutcome.Added(card);
            });
        };
    }

    /**
     * Withdraws biometric consent: the customer's palms are deleted and removed from the
     * identifier; the consent record keeps the withdrawal time. Returns false for an unknown customer.
     */
    public boolean withdrawBiometricConsent(CustomerId customerId) {
        Optional<List<EnrolledPalm>> removed = storage.transactor().inTransaction(() -> {
            Optional<Consent> consent = storage.customers().findConsent(customerId, ConsentKind.BIOMETRIC_PROCESSING);
            if (consent.isEmpty()) return Optional.empty();
            Instant now = clock.instant();
            storage.customers().saveConsent(consent.get().withdrawn(now, ConsentChannel.API));
            List<EnrolledPalm> palms = storage.palms().ofCustomer(customerId);
            palms.forEach(p -> storage.palms().delete(p.id()));
            audit.append(new AuditEvent("api", AuditAction.CONSENT_WITHDRAWN, customerId.value(), "BIOMETRIC_PROCESSING via API; "
                    + palms.size() + " palm enrolment(s) deleted"), now);
            return Optional.of(palms);
        });
        removed.ifPresent(palms -> palms.forEach(p -> identifier.remove(p.id())));
        return removed.isPresent();
    }

    /** Loads every stored palm into the identifier (at start-up). */
    public int loadIdentifier() {
        List<EnrolledPalm> palms = storage.palms().allPalms();
        palms.forEach(p -> identifier.enrol(p.id(), p.templates(), p.hint()));
        return palms.size();
    }
}
