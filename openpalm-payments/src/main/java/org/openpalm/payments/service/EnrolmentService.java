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
import org.openpalm.payments.ids.PhoneCheckId;
import org.openpalm.payments.card.CardSecurityCode;
import org.openpalm.payments.card.CardVerifier;
import org.openpalm.payments.attempt.PresentationGuard;
import org.openpalm.payments.attempt.PresentationVerdict;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;

/**
 * Enrolment: a customer (phone), explicit biometric consent, a card exchanged for a network token,
 * and palm templates. The card number goes only to the card verifier and the token service;
 * templates are stored encrypted by the palm repository.
 *
 * <p>An enrolment from outside ({@link #enrol(EnrolmentRequest, EnrolmentProof)}) proves the card
 * and the phone before anything is written: the phone with a one-time code sent by
 * {@link #startPhoneCheck}, the card with the issuer (a zero-amount account verification with the
 * card security code, {@link CardVerifier}); and its captures must not be replays
 * ({@link PresentationGuard}). Each refusal is audited and leaves no enrolment data behind.
 */
public final class EnrolmentService {
    private final Storage storage;
    private final PalmIdentifier identifier;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.Optional<EnrolmentChecks> checks;

    /**
     * What proves an enrolment: the issuer's account verification, the phone checks and their
     * code sender, the replay guard of captures, and the code's validity.
     */
    public record EnrolmentChecks(CardVerifier cards, PhoneCheckStore phoneChecks, OneTimeCodeSender codeSender,
                                  PresentationGuard captures, PhoneCheckConfig config) {
        public EnrolmentChecks {
            Objects.requireNonNull(cards, "cards");
            Objects.requireNonNull(phoneChecks, "phoneChecks");
            Objects.requireNonNull(codeSender, "codeSender");
            Objects.requireNonNull(captures, "captures");
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * The one-time code of an enrolment's phone check.
     *
     * @param codeValiditySeconds how long the code can be used
     * @param maxCodeAttempts     wrong entries before the code is burnt
     */
    public record PhoneCheckConfig(int codeValiditySeconds, int maxCodeAttempts) {
        public static final PhoneCheckConfig DEFAULT = new PhoneCheckConfig(300, 5);

        public PhoneCheckConfig {
            if (codeValiditySeconds < 30 || codeValiditySeconds > 900) throw new IllegalArgumentException("codeValiditySeconds must be 30 to 900");
            if (maxCodeAttempts < 1 || maxCodeAttempts > 10) throw new IllegalArgumentException("maxCodeAttempts must be 1 to 10");
        }
    }

    /**
     * Without card and phone checks: only {@link #enrol(EnrolmentRequest)} for trusted in-process
     * callers (tests, tools that have proved the card and phone otherwise).
     */
    public EnrolmentService(Storage storage, PalmIdentifier identifier, TokenService tokens, AuditLog audit, Clock clock) {
        this(storage, identifier, tokens, audit, clock, java.util.Optional.empty());
    }

    /** Enrolments and biometric-consent withdrawals are appended to {@code audit} in the same transaction. */
    public EnrolmentService(Storage storage, PalmIdentifier identifier, TokenService tokens, AuditLog audit, Clock clock,
                            EnrolmentChecks checks) {
        this(storage, identifier, tokens, audit, clock, java.util.Optional.of(checks));
    }

    private EnrolmentService(Storage storage, PalmIdentifier identifier, TokenService tokens, AuditLog audit, Clock clock,
                             java.util.Optional<EnrolmentChecks> checks) {
        this.storage = storage;
        this.identifier = identifier;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.checks = checks;
    }

    /**
     * The origin of enrolments from {@code terminal}: a kiosk enrols; a reader or gate is refused,
     * and the refusal audited.
     */
    public Optional<EnrolmentOrigin> originOf(org.openpalm.payments.merchant.Terminal terminal) {
        if (terminal.role().mayEnrol()) return Optional.of(new EnrolmentOrigin.Kiosk(terminal.id()));
        refused("terminal:" + terminal.id().value(), "terminal role " + terminal.role().wireName() + " may not enrol");
        return Optional.empty();
    }

    /** A phone check started: the code went to the phone; the kiosk sends {@code id} back with the code. */
    public record PhoneCheckStarted(PhoneCheckId id, Instant expiresAt) {}

    /**
     * Starts proving the phone: a one-time code goes to it through the {@link OneTimeCodeSender}.
     * Only a salted hash of the phone and code is kept. Nothing reveals whether the phone is enrolled.
     */
    public PhoneCheckStarted startPhoneCheck(EnrolmentOrigin origin, PhoneNumber phone) {
        EnrolmentChecks c = requireChecks();
        Instant now = clock.instant();
        OneTimeCode code = OneTimeCode.generate();
        String salt = OneTimeCode.newSalt();
        PhoneCheckStarted started = new PhoneCheckStarted(PhoneCheckId.random(), now.plusSeconds(c.config().codeValiditySeconds()));
        c.phoneChecks().save(new PhoneCheckStore.PendingPhoneCheck(started.id(), salt, code.saltedHash(salt, phone), now, started.expiresAt(), 0));
        c.codeSender().sendEnrolmentCode(phone, code);
        return started;
    }

    /**
     * What an enrolment from outside brings beside its request: where it comes from, the phone
     * check and the code typed, the card security code, and the captures' bytes (in the order of
     * {@link EnrolmentRequest#palms()} then {@link EnrolmentRequest#secondHandPalms()}) for the
     * replay checks. {@link #toString()} masks the secrets.
     */
    public record EnrolmentProof(EnrolmentOrigin origin, PhoneCheckId phoneCheck, OneTimeCode phoneCode, CardSecurityCode securityCode,
                                 List<byte[]> captures) {
        public EnrolmentProof {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(phoneCheck, "phoneCheck");
            Objects.requireNonNull(phoneCode, "phoneCode");
            Objects.requireNonNull(securityCode, "securityCode");
            captures = List.copyOf(captures);
        }

        @Override
        public String toString() {
            return "EnrolmentProof[" + origin + ", " + phoneCheck + ", code masked, security code masked, " + captures.size() + " capture(s)]";
        }
    }

    /** Why the phone was not proved. */
    public enum PhoneCheckFailure {
        /** No such check: never started, already used, or burnt. */
        NO_CODE_REQUESTED,
        WRONG_CODE,
        EXPIRED,
        /** This entry used up the attempts; the code is burnt. */
        TOO_MANY_ATTEMPTS
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

        /** The one-time code did not prove the phone; {@code attemptsLeft} for a wrong code. */
        record PhoneNotVerified(PhoneCheckFailure failure, int attemptsLeft) implements EnrolmentOutcome {}

        /** The issuer says the card security code does not match the card. */
        record CardNotVerified(String reason) implements EnrolmentOutcome {}

        /** A capture repeats one seen before. */
        record CaptureReplayed(org.openpalm.biometrics.ReplayReason reason) implements EnrolmentOutcome {}
    }

    /**
     * An enrolment from outside (a kiosk, later the phone page): the phone code, the captures and
     * the card are checked, in that order (cheapest first, the issuer last), before anything is
     * written; the code is used up in the enrolment's own transaction.
     */
    public EnrolmentOutcome enrol(EnrolmentRequest request, EnrolmentProof proof) {
        return enrol(request, proof, Optional.empty());
    }

    /**
     * Writes a pre-enrolment's pending state in the enrolment's own transaction, after its customer,
     * card, consent and palms: see {@link PreEnrolmentService}.
     */
    @FunctionalInterface
    public interface PendingWrite {
        void write(Customer customer, List<EnrolledPalm> palms, Instant now);
    }

    /**
     * A pre-enrolment from the shopper's phone page: the same checks as {@link #enrol(EnrolmentRequest, EnrolmentProof)}
     * (phone code, replays, the issuer's account verification), the same writes, but the palms are
     * stored pending ({@code pending} marks them) and are not put into the identifier: no search
     * finds them until a confirmation at a reader activates them.
     */
    public EnrolmentOutcome enrolPending(EnrolmentRequest request, EnrolmentProof proof, PendingWrite pending) {
        return enrol(request, proof, Optional.of(pending));
    }

    /** A pre-enrolment without card and phone proofs: for trusted in-process callers only (tests, tools). */
    public EnrolmentOutcome enrolPending(EnrolmentRequest request, PendingWrite pending) {
        return enrolVerified(request, Optional.empty(), Optional.of(pending));
    }

    private EnrolmentOutcome enrol(EnrolmentRequest request, EnrolmentProof proof, Optional<PendingWrite> pending) {
        EnrolmentChecks c = requireChecks();
        if (!request.biometricConsent()) return new EnrolmentOutcome.ConsentRequired();
        if (request.palms().isEmpty()) return new EnrolmentOutcome.NoPalm();
        List<PalmTemplate> templates = java.util.stream.Stream.concat(request.palms().stream(), request.secondHandPalms().stream()).toList();
        if (proof.captures().size() != templates.size()) throw new IllegalArgumentException("one capture per template");
        Optional<EnrolmentOutcome> phoneRefused = checkPhone(c, request.phone(), proof);
        if (phoneRefused.isPresent()) return phoneRefused.get();
        if (storage.customers().findByPhone(request.phone()).isPresent()) return new EnrolmentOutcome.PhoneAlreadyRegistered();
        switch (c.captures().checkEnrolment(proof.origin().actor(), proof.captures(), templates)) {
            case PresentationVerdict.Admitted a -> { }
            case PresentationVerdict.Replayed r -> { return new EnrolmentOutcome.CaptureReplayed(r.reason()); }
            case PresentationVerdict.TooManyForPayment p -> throw new IllegalStateException("enrolments are not capped per payment");
            case PresentationVerdict.TooManyForTerminal t -> throw new IllegalStateException("enrolments are not capped per terminal");
        }
        switch (c.cards().verifyAccount(request.card(), request.expiry(), proof.securityCode())) {
            case CardVerifier.AccountVerification.Verified v -> { }
            case CardVerifier.AccountVerification.SecurityCodeMismatch m -> {
                refused(proof.origin(), "card " + request.card().brand() + " " + request.card().last4() + ": security code does not match");
                return new EnrolmentOutcome.CardNotVerified("the card security code does not match the card");
            }
            case CardVerifier.AccountVerification.Refused r -> {
                refused(proof.origin(), "card " + request.card().brand() + " " + request.card().last4() + " refused by the issuer: " + r.reason());
                return new EnrolmentOutcome.CardRefused(r.reason());
            }
            case CardVerifier.AccountVerification.Unavailable u -> { return new EnrolmentOutcome.NetworkUnavailable(u.reason()); }
        }
        try {
            EnrolmentOutcome outcome = enrolVerified(request, Optional.of(() -> {
                if (!c.phoneChecks().delete(proof.phoneCheck())) throw new ProofSpent(new EnrolmentOutcome.PhoneNotVerified(PhoneCheckFailure.NO_CODE_REQUESTED, 0));
                if (!c.captures().rememberEnrolment(proof.origin().actor(), proof.captures())) {
                    throw new ProofSpent(new EnrolmentOutcome.CaptureReplayed(org.openpalm.biometrics.ReplayReason.IDENTICAL_BYTES));
                }
            }), pending);
            if (outcome instanceof EnrolmentOutcome.Enrolled) c.captures().rememberEnrolledTemplates(proof.captures(), templates);
            return outcome;
        } catch (ProofSpent spent) {
            refused(proof.origin(), "used up meanwhile by another request: " + spent.outcome);
            return spent.outcome;
        }
    }

    /** Rolls the enrolment's transaction back when its proof was used up by a concurrent request. */
    private static final class ProofSpent extends RuntimeException {
        final transient EnrolmentOutcome outcome;

        ProofSpent(EnrolmentOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private Optional<EnrolmentOutcome> checkPhone(EnrolmentChecks c, PhoneNumber phone, EnrolmentProof proof) {
        Optional<PhoneCheckStore.PendingPhoneCheck> pending = c.phoneChecks().find(proof.phoneCheck());
        PhoneCheckFailure failure;
        int attemptsLeft = 0;
        if (pending.isEmpty()) {
            failure = PhoneCheckFailure.NO_CODE_REQUESTED;
        } else if (!clock.instant().isBefore(pending.get().expiresAt())) {
            c.phoneChecks().delete(proof.phoneCheck());
            failure = PhoneCheckFailure.EXPIRED;
        } else if (java.security.MessageDigest.isEqual(proof.phoneCode().saltedHash(pending.get().salt(), phone).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                pending.get().codeHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.empty();
        } else {
            int failed = c.phoneChecks().recordFailedAttempt(proof.phoneCheck());
            if (failed >= c.config().maxCodeAttempts()) {
                c.phoneChecks().delete(proof.phoneCheck());
                failure = PhoneCheckFailure.TOO_MANY_ATTEMPTS;
            } else {
                failure = PhoneCheckFailure.WRONG_CODE;
                attemptsLeft = c.config().maxCodeAttempts() - failed;
            }
        }
        refused(proof.origin(), "phone " + phone + " not verified: " + failure);
        return Optional.of(new EnrolmentOutcome.PhoneNotVerified(failure, attemptsLeft));
    }

    /** Audits a refused enrolment; no customer exists, so the subject is who tried. */
    private void refused(EnrolmentOrigin origin, String details) {
        refused(origin.actor(), details);
    }

    private void refused(String actor, String details) {
        Instant now = clock.instant();
        storage.transactor().inTransaction(() -> audit.append(new AuditEvent(actor, AuditAction.ENROLMENT_REFUSED, actor, details), now));
    }

    private EnrolmentChecks requireChecks() {
        return checks.orElseThrow(() -> new IllegalStateException("this EnrolmentService was built without card and phone checks"));
    }

    /**
     * Enrols without card and phone proofs: for trusted in-process callers only (tests, tools).
     * Requests from outside go through {@link #enrol(EnrolmentRequest, EnrolmentProof)}.
     */
    public EnrolmentOutcome enrol(EnrolmentRequest request) {
        return enrolVerified(request, Optional.empty(), Optional.empty());
    }

    /**
     * {@code spendProof} runs first in the enrolment's transaction and may roll it back;
     * {@code pending}, for a pre-enrolment, runs last in it, and its palms stay out of the identifier.
     */
    private EnrolmentOutcome enrolVerified(EnrolmentRequest request, Optional<Runnable> spendProof, Optional<PendingWrite> pending) {
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
                    spendProof.ifPresent(Runnable::run);
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
                            + " palm template(s), card " + card.brand() + " " + card.last4()
                            + (pending.isPresent() ? ", PENDING_CONFIRMATION at the first palm payment" : "")), now);
                    audit.append(new AuditEvent(actor, AuditAction.CONSENT_GRANTED, customerId.value(),
                            "BIOMETRIC_PROCESSING text " + request.consentTextVersion() + " via " + request.channel()), now);
                    if (request.insightsConsent()) {
                        audit.append(new AuditEvent(actor, AuditAction.CONSENT_GRANTED, customerId.value(),
                                "SHOPPING_INSIGHTS text " + request.consentTextVersion() + " via " + request.channel()), now);
                    }
                    if (pending.isPresent()) {
                        List<EnrolledPalm> palms = new java.util.ArrayList<>(List.of(palm));
                        secondHand.ifPresent(palms::add);
                        pending.get().write(customer, palms, now);
                    }
                    return Optional.empty();
                });
                if (conflict.isPresent()) yield conflict.get();
                if (pending.isEmpty()) {
                    identifier.enrol(palm.id(), palm.templates(), palm.hint());
                    secondHand.ifPresent(p -> identifier.enrol(p.id(), p.templates(), p.hint()));
                }
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
