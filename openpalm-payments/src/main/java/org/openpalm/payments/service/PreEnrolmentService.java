package org.openpalm.payments.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ScoreScale;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.TerminalId;

/**
 * Pre-enrolment from the shopper's phone, confirmed at the first palm payment.
 *
 * <p><b>Pre-enrolment</b> ({@link #preEnrol}): the kiosk's enrolment with every check (phone code,
 * replays, the issuer's zero-amount account verification), but the palms are stored
 * {@code PENDING_CONFIRMATION} and kept out of the identifier: no search finds them, with or
 * without a hint. Phone captures are a different camera from the reader's, and nobody watched
 * them being taken: the palm pays only once a reader has seen it match.
 *
 * <p><b>Confirmation</b> ({@link #afterSearch}, called by every palm payment after its search):
 * <ul>
 *   <li>no hint, not recognised, and some pre-enrolment pending: the reader asks for the phone's
 *       last four digits (the hint flow of look-alike palms). The pending palms are not searched;
 *   <li>with the hint, not recognised among active palms: the capture is matched 1:1 against the
 *       palms of the pending pre-enrolments of those digits (threshold for
 *       {@link PreEnrolmentConfig#confirmationFalseMatchRate} divided among the palms compared).
 *       One match: the capture is added to the matched palm's enrolment, every palm of the customer
 *       becomes ACTIVE and joins the identifier, and the payment goes on as identified. No match: a
 *       failed confirmation for each of them, and the pre-enrolment is deleted at
 *       {@link PreEnrolmentConfig#maxFailedConfirmations}. Two matches (look-alikes with the same
 *       digits): not recognised, nobody's try counted.
 * </ul>
 * <p><b>Lapse</b> ({@link #purgeLapsed}): unconfirmed after {@link PreEnrolmentConfig#pendingDays}, the
 * customer, card, consents and palms are deleted. Each step is in the audit log.
 */
public final class PreEnrolmentService implements PendingPalms {
    private final Storage storage;
    private final PreEnrolmentStore store;
    private final EnrolmentService enrolment;
    private final PalmIdentifier identifier;
    private final AuditLog audit;
    private final PreEnrolmentConfig config;
    private final Clock clock;

    public PreEnrolmentService(Storage storage, PreEnrolmentStore store, EnrolmentService enrolment, PalmIdentifier identifier,
                               AuditLog audit, PreEnrolmentConfig config, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.store = Objects.requireNonNull(store, "store");
        this.enrolment = Objects.requireNonNull(enrolment, "enrolment");
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A pre-enrolment from the phone page, proved like a kiosk enrolment; its palms are pending. */
    public EnrolmentService.EnrolmentOutcome preEnrol(EnrolmentService.EnrolmentRequest request, EnrolmentService.EnrolmentProof proof) {
        requirePhonePage(request);
        return enrolment.enrolPending(request, proof, this::markPending);
    }

    /** Without card and phone proofs: for trusted in-process callers only (tests, tools). */
    public EnrolmentService.EnrolmentOutcome preEnrol(EnrolmentService.EnrolmentRequest request) {
        requirePhonePage(request);
        return enrolment.enrolPending(request, this::markPending);
    }

    private static void requirePhonePage(EnrolmentService.EnrolmentRequest request) {
        if (request.channel() != ConsentChannel.PHONE_PAGE) throw new IllegalArgumentException("a pre-enrolment comes from the phone page");
    }

    private void markPending(org.openpalm.payments.customer.Customer customer, List<EnrolledPalm> palms, Instant now) {
        store.markPending(new PreEnrolmentStore.Pending(customer.id(), customer.phone().hint(), now, now.plus(Duration.ofDays(config.pendingDays())), 0),
                palms.stream().map(EnrolledPalm::id).toList());
    }

    /** The customer's pending pre-enrolment, if it is still pending. */
    public Optional<PreEnrolmentStore.Pending> pending(CustomerId customer) {
        return store.find(customer);
    }

    public PreEnrolmentConfig config() {
        return config;
    }

    @Override
    public Identification afterSearch(Identification found, PalmTemplate probe, Optional<PalmHint> hint, TerminalId terminal) {
        return switch (found) {
            case Identification.Identified i -> found;
            case Identification.HintNeeded h -> found;
            case Identification.GalleryUnavailable u -> found; // the payment answers busy; nothing is confirmed meanwhile
            case Identification.NotRecognised n -> {
                Instant now = clock.instant();
                if (hint.isEmpty()) yield store.anyPending(now) ? new Identification.HintNeeded(0) : found;
                yield confirmWith(probe, hint.get(), terminal, now).orElse(found);
            }
        };
    }

    /** The best palm of one pending customer for this capture. */
    private record Scored(PreEnrolmentStore.Pending pending, EnrolledPalm palm, double score) {}

    private Optional<Identification> confirmWith(PalmTemplate probe, PalmHint hint, TerminalId terminal, Instant now) {
        List<PreEnrolmentStore.Pending> pending = store.withHint(hint, now);
        if (pending.isEmpty()) return Optional.empty();
        PalmMatcher matcher = new PalmMatcher(probe);
        List<Scored> best = new ArrayList<>();
        int palmsCompared = 0;
        for (PreEnrolmentStore.Pending p : pending) {
            Optional<Scored> top = Optional.empty();
            for (EnrolledPalm palm : storage.palms().ofCustomer(p.customer())) {
                palmsCompared++;
                double score = matcher.matchEnrolment(palm.templates());
                if (top.isEmpty() || score > top.get().score()) top = Optional.of(new Scored(p, palm, score));
            }
            top.ifPresent(best::add);
        }
        double threshold = ScoreScale.thresholdForFalseMatchRate(config.confirmationFalseMatchRate() / Math.max(1, palmsCompared));
        List<Scored> matched = best.stream().filter(s -> s.score() >= threshold).toList();
        if (matched.size() == 1) return confirm(matched.getFirst(), probe, terminal, threshold);
        if (matched.isEmpty()) {
            for (PreEnrolmentStore.Pending p : pending) {
                double score = best.stream().filter(s -> s.pending().equals(p)).mapToDouble(Scored::score).max().orElse(0);
                failed(p, score, terminal, threshold);
            }
        }
        return Optional.empty();
    }

    private Optional<Identification> confirm(Scored match, PalmTemplate probe, TerminalId terminal, double threshold) {
        Instant now = clock.instant();
        CustomerId customer = match.pending().customer();
        EnrolledPalm palm = match.palm();
        boolean confirmed = storage.transactor().inTransaction(() -> {
            if (!store.activate(customer)) return false;
            List<PalmTemplate> withCapture = new ArrayList<>(palm.templates());
            withCapture.add(probe);
            storage.palms().delete(palm.id());
            storage.palms().insert(new EnrolledPalm(palm.id(), customer, withCapture, palm.hint(), palm.enrolledAt()));
            audit.append(new AuditEvent(actor(terminal), AuditAction.PRE_ENROLMENT_CONFIRMED, customer.value(), String.format(Locale.ROOT,
                    "palm matched 1:1 at the first palm payment (score %.1f, threshold %.1f); the reader's capture added; palms ACTIVE",
                    match.score(), threshold)), now);
            return true;
        });
        if (!confirmed) return Optional.empty(); // confirmed or deleted meanwhile by another request
        for (EnrolledPalm p : storage.palms().ofCustomer(customer)) identifier.enrol(p.id(), p.templates(), p.hint());
        return Optional.of(new Identification.Identified(palm.id(), match.score()));
    }

    /** {@code score}: the capture's best score against the pre-enrolment's palms (0 when it holds none any more). */
    private void failed(PreEnrolmentStore.Pending pending, double score, TerminalId terminal, double threshold) {
        CustomerId customer = pending.customer();
        Instant now = clock.instant();
        storage.transactor().inTransaction(() -> {
            int failures = store.recordFailedConfirmation(customer);
            if (failures == 0) return false;
            audit.append(new AuditEvent(actor(terminal), AuditAction.PRE_ENROLMENT_CONFIRMATION_FAILED, customer.value(), String.format(Locale.ROOT,
                    "palm did not match (score %.1f, threshold %.1f): failed confirmation %d of %d", score, threshold, failures,
                    config.maxFailedConfirmations())), now);
            if (failures >= config.maxFailedConfirmations() && store.deletePending(customer)) {
                audit.append(new AuditEvent(actor(terminal), AuditAction.PRE_ENROLMENT_DELETED, customer.value(),
                        failures + " failed confirmations: customer, card, consents and palms deleted"), now);
            }
            return true;
        });
    }

    /**
     * Deletes the pre-enrolments left unconfirmed for {@link PreEnrolmentConfig#pendingDays}; returns
     * how many. Run by the server's housekeeping.
     */
    public int purgeLapsed() {
        Instant now = clock.instant();
        int deleted = 0;
        for (PreEnrolmentStore.Pending p : store.lapsed(now)) {
            boolean gone = storage.transactor().inTransaction(() -> {
                if (!store.deletePending(p.customer())) return false;
                audit.append(new AuditEvent("pre-enrolment-job", AuditAction.PRE_ENROLMENT_DELETED, p.customer().value(),
                        "unconfirmed " + config.pendingDays() + " days after the pre-enrolment: customer, card, consents and palms deleted"), now);
                return true;
            });
            if (gone) deleted++;
        }
        return deleted;
    }

    private static String actor(TerminalId terminal) {
        return "terminal:" + terminal.value();
    }
}
