package org.openpalm.payments.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.age.PaymentAgeCheck;
import org.openpalm.payments.card.Card;
import org.openpalm.payments.customer.Payer;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.Ledger;
import org.openpalm.payments.loyalty.LoyaltyApplication;
import org.openpalm.payments.loyalty.PaymentLoyalty;
import org.openpalm.payments.ledger.LedgerPostings;
import org.openpalm.payments.ledger.PostResult;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;
import org.openpalm.payments.network.AuthorisationRequest;
import org.openpalm.payments.network.AuthorisationResult;
import org.openpalm.payments.network.CardAuthoriser;
import org.openpalm.payments.network.ClearingResult;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.payments.payment.CaptureMethod;
import org.openpalm.payments.payment.MovementKind;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.payment.PendingMovement;
import org.openpalm.payments.reconcile.NetworkMovement;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.payments.payment.Decline;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentEvent;
import org.openpalm.payments.webhook.OutboxEvent;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.payment.TransitionResult;

/**
 * Payment use cases. Each state change and its ledger entries commit in one transaction; calls to
 * the card network and palm matching happen outside any transaction, bounded by semaphores.
 */
public final class PaymentService {
    private final Storage storage;
    private final PalmIdentifier identifier;
    private final CardAuthoriser network;
    private final Ledger ledger;
    private final LedgerPostings postings;
    private final Clock clock;
    private final PaymentsObserver observer;
    private final Semaphore identifications;
    private final Semaphore authorisations;
    private final long permitWaitMillis;
    private final long claimRecoveryAfterMillis;
    private final PaymentLoyalty loyalty;
    private final PendingPalms pendingPalms;
    private final PaymentAgeCheck ages;

    /**
     * What other capabilities add to a palm payment: loyalty prices and points (with the payment's
     * ledger entries), pre-enrolments confirmed at their first payment ({@link PreEnrolmentService}),
     * age checks for restricted items before the card is asked.
     */
    public record Extensions(PaymentLoyalty loyalty, PendingPalms pendingPalms, PaymentAgeCheck ages) {
        public static final Extensions NONE = new Extensions(PaymentLoyalty.NONE, PendingPalms.NONE, PaymentAgeCheck.NONE);

        public Extensions {
            java.util.Objects.requireNonNull(loyalty, "loyalty");
            java.util.Objects.requireNonNull(pendingPalms, "pendingPalms");
            java.util.Objects.requireNonNull(ages, "ages");
        }

        public Extensions withLoyalty(PaymentLoyalty l) {
            return new Extensions(l, pendingPalms, ages);
        }

        public Extensions withPendingPalms(PendingPalms p) {
            return new Extensions(loyalty, p, ages);
        }
    }

    public PaymentService(Storage storage, PalmIdentifier identifier, CardAuthoriser network, PaymentsConfig config,
                          Clock clock, PaymentsObserver observer) {
        this(storage, identifier, network, config, clock, observer, Extensions.NONE);
    }

    /** With {@code loyalty}: members' prices before authorisation, points with the payment's ledger entries. */
    public PaymentService(Storage storage, PalmIdentifier identifier, CardAuthoriser network, PaymentsConfig config,
                          Clock clock, PaymentsObserver observer, PaymentLoyalty loyalty) {
        this(storage, identifier, network, config, clock, observer, Extensions.NONE.withLoyalty(loyalty));
    }

    /** {@code pendingPalms}: pre-enrolments confirmed at their first palm payment ({@link PreEnrolmentService}). */
    public PaymentService(Storage storage, PalmIdentifier identifier, CardAuthoriser network, PaymentsConfig config,
                          Clock clock, PaymentsObserver observer, PendingPalms pendingPalms) {
        this(storage, identifier, network, config, clock, observer, Extensions.NONE.withPendingPalms(pendingPalms));
    }

    public PaymentService(Storage storage, PalmIdentifier identifier, CardAuthoriser network, PaymentsConfig config,
                          Clock clock, PaymentsObserver observer, Extensions extensions) {
        this.loyalty = extensions.loyalty();
        this.pendingPalms = extensions.pendingPalms();
        this.ages = extensions.ages();
        this.storage = storage;
        this.identifier = identifier;
        this.network = network;
        this.ledger = new Ledger(storage.journal());
        this.postings = new LedgerPostings(config.fees());
        this.clock = clock;
        this.observer = observer;
        this.identifications = new Semaphore(config.maxConcurrentIdentifications());
        this.authorisations = new Semaphore(config.maxConcurrentAuthorisations());
        this.permitWaitMillis = config.permitWaitMillis();
        this.claimRecoveryAfterMillis = config.claimRecoveryAfterMillis();
    }

    /** The result of creating a payment. */
    public sealed interface CreateOutcome {
        record Created(Payment payment) implements CreateOutcome {}

        /** The terminal does not exist or belongs to another merchant. */
        record UnknownTerminal() implements CreateOutcome {}
    }

    /** A payment the merchant captures itself. */
    public CreateOutcome create(MerchantId merchant, TerminalId terminal, Money amount) {
        return create(merchant, terminal, amount, CaptureMethod.MANUAL);
    }

    public CreateOutcome create(MerchantId merchant, TerminalId terminal, Money amount, CaptureMethod captureMethod) {
        return create(merchant, storage.merchants().findTerminal(terminal), amount, captureMethod);
    }

    /** {@code terminal}: the terminal as the caller found it (authentication caches terminals). */
    public CreateOutcome create(MerchantId merchant, Optional<Terminal> terminal, Money amount, CaptureMethod captureMethod) {
        if (terminal.isEmpty() || !terminal.get().merchant().equals(merchant)) return new CreateOutcome.UnknownTerminal();
        return storage.transactor().inTransaction(() -> {
            // The ledger accounts this payment will post to are opened now, in this short
            // transaction: a merchant's first payments, authorised together, would otherwise each
            // insert the same new accounts inside their longer authorisation transactions and wait
            // on one another's row locks (H2 gave up with a lock timeout).
            ledger.open(LedgerPostings.accountsOf(merchant, amount.currency()));
            Payment payment = Payment.create(PaymentId.random(), merchant, terminal.get().id(), amount, captureMethod, clock.instant());
            storage.payments().insert(payment);
            return new CreateOutcome.Created(payment);
        });
    }

    /**
     * Inside the transaction creating {@code payment}: its basket holds items sold from
     * {@code minimumAge} only (the till says so); the payer's age is checked before the card is asked.
     */
    public void requireAge(PaymentId payment, int minimumAge) {
        ages.require(payment, minimumAge);
    }

    /** A merchant's payment (empty when unknown or another merchant's). */
    public Optional<Payment> find(MerchantId merchant, PaymentId id) {
        return storage.payments().find(id).filter(p -> p.merchant().equals(merchant));
    }

    /** A terminal's payment (empty when unknown or for another terminal). */
    public Optional<Payment> findForTerminal(TerminalId terminal, PaymentId id) {
        return storage.payments().find(id).filter(p -> p.terminal().equals(terminal));
    }

    /**
     * A palm was captured at the terminal for this payment: identify the shopper (with the hint,
     * if asked for and typed), then authorise their default card (and, for
     * {@link CaptureMethod#AUTOMATIC}, capture it).
     *
     * <p>A payment still CREATED goes to AWAITING_PALM in the same write as the outcome of the
     * palm (authorised, declined, hint needed, not recognised): one transaction instead of two.
     * While the network is asked, the stored payment is still CREATED; a void in that window
     * wins the version race and the approval is reversed ({@link #authorise}).
     */
    public PaymentOutcome presentPalm(TerminalId terminal, PaymentId id, PalmTemplate probe, Optional<PalmHint> hint) {
        Optional<Payment> found = findForTerminal(terminal, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        final Payment payment = found.get();
        List<Step> start = new ArrayList<>();
        switch (payment.status()) {
            case CREATED -> start.add(p -> p.awaitPalm(clock.instant()));
            case AWAITING_PALM, HINT_NEEDED -> { }
            case AUTHORISED, CAPTURED -> { return refused(payment, "the payment is already authorised"); }
            case DECLINED, VOIDED -> { return refused(payment, "the payment is " + payment.status().name().toLowerCase()); }
        }
        Optional<Identification> identification = withPermit(identifications,
                () -> pendingPalms.afterSearch(timedIdentify(probe, hint), probe, hint, terminal));
        if (identification.isEmpty()) return new PaymentOutcome.Busy();
        return switch (identification.get()) {
            case Identification.NotRecognised n -> {
                observer.paymentOutcome("not_recognised");
                if (start.isEmpty()) yield new PaymentOutcome.NotRecognised(payment);
                PaymentOutcome started = transition(payment, start);
                yield started instanceof PaymentOutcome.Done(Payment p) ? new PaymentOutcome.NotRecognised(p) : started;
            }
            case Identification.HintNeeded h -> {
                PaymentOutcome asked = switch (payment.status()) {
                    case HINT_NEEDED -> new PaymentOutcome.Done(payment);
                    case CREATED, AWAITING_PALM, AUTHORISED, DECLINED, CAPTURED, VOIDED -> transition(payment, then(start, p -> p.needHint(clock.instant())));
                };
                observer.paymentOutcome("hint_needed");
                yield asked instanceof PaymentOutcome.Done(Payment p) ? new PaymentOutcome.HintNeeded(p, h.candidates()) : asked;
            }
            case Identification.Identified who -> authorise(payment, start, who);
            // Part of a clustered gallery is out of reach: busy (503, retry), never an answer from part of the palms.
            case Identification.GalleryUnavailable u -> new PaymentOutcome.Busy();
        };
    }

    /** One state-machine step of a transition. */
    private interface Step extends Function<Payment, TransitionResult> {}

    private static List<Step> then(List<Step> first, Step next) {
        List<Step> all = new ArrayList<>(first);
        all.add(next);
        return all;
    }

    private Identification timedIdentify(PalmTemplate probe, Optional<PalmHint> hint) {
        long start = System.nanoTime();
        Identification result = identifier.identify(probe, hint);
        String outcome = switch (result) {
            case Identification.Identified i -> "identified";
            case Identification.HintNeeded h -> "hint_needed";
            case Identification.NotRecognised n -> "not_recognised";
            case Identification.GalleryUnavailable u -> "gallery_unavailable";
        };
        observer.identified(outcome, Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    /**
     * Authorises the payer's default card; {@code start} are the steps not yet stored (the move to
     * AWAITING_PALM). With automatic capture an approval is captured at once and authorisation and
     * capture are stored in one transaction; if the network refuses that capture, the payment
     * stays AUTHORISED for the merchant to capture or void.
     */
    private PaymentOutcome authorise(Payment payment, List<Step> start, Identification.Identified who) {
        Optional<Payer> payer = storage.customers().payerOf(who.enrolment());
        Optional<Card> card = payer.flatMap(Payer::defaultCard);
        if (payer.isEmpty() || card.isEmpty()) {
            Optional<CustomerId> customer = payer.map(p -> p.customer().id());
            return record(transition(payment, then(start, p -> p.decline(customer, Optional.empty(), Decline.NO_CARD, clock.instant()))));
        }
        // Restricted items: the payer's attested age, before any card is asked (audited; the reader hears yes or no, never a date).
        Optional<Decline> underAge = ages.refusal(payment, payer.get().customer().id());
        if (underAge.isPresent()) {
            Optional<CustomerId> customer = Optional.of(payer.get().customer().id());
            return record(transition(payment, then(start, p -> p.decline(customer, Optional.empty(), underAge.get(), clock.instant()))));
        }
        // A member's price is set before the card is asked: the network sees only what is charged.
        Optional<LoyaltyApplication> priced = loyalty.priceFor(payment, payer.get().customer().id(), clock.instant());
        if (priced.isPresent() && priced.get().free()) {
            // Nothing left to charge: the card payment is cancelled, the reward recorded with it.
            return record(transition(payment, then(start, p -> p.voidPayment(clock.instant())), List.of(), priced));
        }
        Money charged = priced.map(LoyaltyApplication::charged).orElse(payment.amount());
        Money discount = priced.map(LoyaltyApplication::discount).orElse(Money.zero(payment.amount().currency()));
        AuthorisationRequest request = new AuthorisationRequest(payment.id(), payment.merchant(), card.get().token(), card.get().expiry(), charged);
        Optional<AuthorisationResult> answer = withPermit(authorisations, () -> {
            long begin = System.nanoTime();
            AuthorisationResult r = network.authorise(request);
            String outcome = switch (r) {
                case AuthorisationResult.Approved a -> "approved";
                case AuthorisationResult.Declined d -> "declined";
                case AuthorisationResult.TimedOut t -> "timed_out";
                case AuthorisationResult.Unavailable u -> "unavailable";
            };
            observer.authorised(outcome, Duration.ofNanos(System.nanoTime() - begin));
            return r;
        });
        if (answer.isEmpty()) {
            priced.ifPresent(held -> loyalty.release(payment.id()));
            return new PaymentOutcome.Busy();
        }
        CustomerId c = payer.get().customer().id();
        Card k = card.get();
        return switch (answer.get()) {
            case AuthorisationResult.Approved a -> {
                Authorisation auth = new Authorisation(a.authCode(), a.rrn(), charged);
                List<Step> steps = then(start, p -> p.authoriseDiscounted(c, k.id(), auth, discount, clock.instant()));
                // A sale is captured at the network before anything is stored: its movement is
                // recorded with the authorisation and capture in one transaction.
                Optional<NetworkReference> captured = switch (payment.captureMethod()) {
                    case AUTOMATIC -> switch (network.capture(payment.id(), auth, charged)) {
                        case ClearingResult.Accepted ok -> Optional.of(ok.reference());
                        case ClearingResult.Rejected r -> Optional.empty();
                        case ClearingResult.Unavailable u -> Optional.empty();
                    };
                    case MANUAL -> Optional.empty();
                };
                boolean captureNow = captured.isPresent();
                List<NetworkMovement> movements = captured.map(ref -> List.of(new NetworkMovement(payment.id(), MovementKind.CAPTURE,
                        charged, ref, Optional.of(LedgerPostings.captureId(payment.id())), clock.instant()))).orElse(List.of());
                if (captureNow) steps = then(steps, p -> p.capture(p.amount(), clock.instant()));
                PaymentOutcome result;
                try {
                    result = transition(payment, steps, movements, priced);
                } catch (RuntimeException e) {
                    // Not recorded. A hold is released; a capture is left for the terminal's retry
                    // (same Idempotency-Key), which gets the same approval and records the sale.
                    if (!captureNow) network.reverse(payment.id());
                    throw e;
                }
                if (result instanceof PaymentOutcome.Refused r
                        && r.payment().authorisation().map(stored -> stored.rrn().equals(auth.rrn())).orElse(false)) {
                    // A twin presentation of this payment stored the very same approval first: nothing to give back.
                    yield record(new PaymentOutcome.Done(r.payment()));
                }
                if (!(result instanceof PaymentOutcome.Done)) { // lost a race (voided meanwhile): give the money back
                    if (captureNow) {
                        recordCompensation(payment.id(), MovementKind.CAPTURE, charged, new ClearingResult.Accepted(captured.get()));
                        recordCompensation(payment.id(), MovementKind.REFUND, charged, network.refund(payment.id(), auth,
                                RefundId.derivedFrom(payment.id().value() + "/lost-race"), charged));
                    } else {
                        recordCompensation(payment.id(), MovementKind.REVERSAL, charged, network.reverse(payment.id()));
                    }
                }
                yield record(result);
            }
            case AuthorisationResult.Declined d -> {
                priced.ifPresent(held -> loyalty.release(payment.id()));
                yield record(transition(payment, then(start,
                        p -> p.decline(Optional.of(c), Optional.of(k.id()), new Decline(d.responseCode(), d.shopperReason()), clock.instant()))));
            }
            case AuthorisationResult.TimedOut t -> {
                priced.ifPresent(held -> loyalty.release(payment.id()));
                // The issuer may have approved and held funds without our hearing: reverse (best effort;
                // the ISO 8583 link repeats reversals until acknowledged).
                recordCompensation(payment.id(), MovementKind.REVERSAL, charged, network.reverse(payment.id()));
                observer.paymentOutcome("network_unavailable");
                yield new PaymentOutcome.NetworkUnavailable(payment, "the card network did not answer in time");
            }
            case AuthorisationResult.Unavailable u -> {
                priced.ifPresent(held -> loyalty.release(payment.id()));
                observer.paymentOutcome("network_unavailable");
                yield new PaymentOutcome.NetworkUnavailable(payment, "the card network is unavailable");
            }
        };
    }

    /** Captures the whole authorised amount, or {@code amount} when given (partial capture). */
    public PaymentOutcome capture(MerchantId merchant, PaymentId id, Optional<Money> amount) {
        Optional<Payment> found = find(merchant, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        return moveMoney(found.get(), MovementKind.CAPTURE, amount.orElse(found.get().amount()), Optional.empty());
    }

    /** Releases the hold of an authorised payment (a reversal at the network), or cancels one not yet authorised. */
    public PaymentOutcome voidPayment(MerchantId merchant, PaymentId id) {
        Optional<Payment> found = find(merchant, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        Payment payment = found.get();
        if (payment.authorisation().isEmpty()) {
            // Nothing held at the network: cancelled in one write. Should the palm's approval be
            // stored first, this step refuses and the void goes through the network below.
            PaymentOutcome cancelled = transition(payment, List.of(p -> p.authorisation().isPresent()
                    ? new TransitionResult.Refused(p, "authorised meanwhile") : p.voidPayment(clock.instant())));
            if (!(cancelled instanceof PaymentOutcome.Refused r && r.payment().authorisation().isPresent())) return record(cancelled);
            payment = r.payment();
        }
        return moveMoney(payment, MovementKind.REVERSAL, payment.amount(), Optional.empty());
    }

    public PaymentOutcome refund(MerchantId merchant, PaymentId id, RefundId refundId, Money amount) {
        Optional<Payment> found = find(merchant, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        return moveMoney(found.get(), MovementKind.REFUND, amount, Optional.of(refundId));
    }

    /**
     * Claim, then call, then settle (TigerBeetle's two phases, with the database as the arbiter).
     * The claim is a version-checked write of its own short transaction: of parallel requests on
     * one payment exactly one claims, the others are refused before anything reaches the network.
     * A request that finds its own movement claimed (a retry with the same Idempotency-Key, after
     * a lost answer or a crash) resumes it: the network message is idempotent per movement.
     */
    private PaymentOutcome moveMoney(Payment payment, MovementKind kind, Money amount, Optional<RefundId> refund) {
        Optional<PendingMovement> pending = payment.pending();
        if (pending.isPresent() && pending.get().sameMovement(kind, amount, refund)) return settle(payment, pending.get());
        Instant now = clock.instant();
        PaymentOutcome claimed = transition(payment, List.of(p -> switch (kind) {
            case CAPTURE -> p.claimCapture(amount, now);
            case REVERSAL -> p.claimReversal(now);
            case REFUND -> p.claimRefund(refund.orElseThrow(), amount, now);
        }));
        if (!(claimed instanceof PaymentOutcome.Done(Payment withClaim))) return record(claimed);
        return settle(withClaim, withClaim.pending().orElseThrow());
    }

    /** Calls the network for a claimed movement, then settles the claim (accepted), releases it (rejected) or keeps it (no answer). */
    private PaymentOutcome settle(Payment claimed, PendingMovement claim) {
        PaymentId id = claimed.id();
        Authorisation auth = claimed.authorisation().orElseThrow();
        ClearingResult answer = switch (claim.kind()) {
            case CAPTURE -> network.capture(id, auth, claim.amount());
            case REVERSAL -> network.reverse(id);
            case REFUND -> network.refund(id, auth, claim.refund().orElseThrow(), claim.amount());
        };
        String what = switch (claim.kind()) {
            case CAPTURE -> "capture";
            case REVERSAL -> "reversal";
            case REFUND -> "refund";
        };
        Instant now = clock.instant();
        return switch (answer) {
            case ClearingResult.Accepted a -> {
                NetworkMovement movement = new NetworkMovement(id, claim.kind(), claim.amount(), a.reference(),
                        Optional.of(Reconciliation.transferOf(id, claim.kind(), claim.refund())), now);
                PaymentOutcome settled = transition(claimed, List.of(p -> switch (claim.kind()) {
                    case CAPTURE -> p.capture(claim.amount(), now);
                    case REVERSAL -> p.voidPayment(now);
                    case REFUND -> p.refund(claim.refund().orElseThrow(), claim.amount(), now);
                }), List.of(movement));
                // Settled meanwhile by the claim's recovery (same message, same movement): done all the same.
                if (settled instanceof PaymentOutcome.Refused r && r.payment().pending().isEmpty() && hasSettled(r.payment(), claim)) {
                    yield record(new PaymentOutcome.Done(r.payment()));
                }
                yield record(settled);
            }
            case ClearingResult.Rejected r -> {
                PaymentOutcome released = transition(claimed, List.of(p -> p.pending().equals(Optional.of(claim))
                        ? p.releaseClaim(r.reason(), now) : new TransitionResult.Refused(p, "the claim was settled meanwhile")));
                Payment after = released instanceof PaymentOutcome.Done(Payment p) ? p : claimed;
                yield refused(after, "the card network rejected the " + what + ": " + r.reason());
            }
            // The claim stays: a retry of the same request, or recoverClaims, repeats the same message.
            case ClearingResult.Unavailable u -> record(new PaymentOutcome.NetworkUnavailable(claimed, u.reason()));
        };
    }

    /** Whether {@code p} shows {@code claim}'s movement applied. */
    private static boolean hasSettled(Payment p, PendingMovement claim) {
        return switch (claim.kind()) {
            case CAPTURE -> p.status() == PaymentStatus.CAPTURED && p.captured().equals(claim.amount());
            case REVERSAL -> p.status() == PaymentStatus.VOIDED;
            case REFUND -> p.refunds().stream().anyMatch(r -> r.id().equals(claim.refund().orElseThrow()));
        };
    }

    /**
     * Drives every claim older than {@link PaymentsConfig#claimRecoveryAfterMillis()} to its end:
     * the capture, void or refund whose request was cut (a crash, a lost answer, a client that never
     * retried) repeats its idempotent network message and is settled, or released if refused.
     * Returns how many claims were taken up; those the network still does not answer stay claimed.
     */
    public int recoverClaims() {
        List<Payment> stuck = storage.payments().withClaimsBefore(clock.instant().minusMillis(claimRecoveryAfterMillis));
        for (Payment p : stuck) {
            p.pending().ifPresent(claim -> settle(p, claim));
        }
        return stuck.size();
    }

    /** Records movements the network accepted that the ledger never held (compensations), in their own transaction. */
    private void recordCompensation(PaymentId payment, MovementKind kind, Money amount, ClearingResult answer) {
        if (!(answer instanceof ClearingResult.Accepted a)) return;
        NetworkMovement m = new NetworkMovement(payment, kind, amount, a.reference(), Optional.empty(), clock.instant());
        storage.transactor().inTransaction(() -> {
            storage.payments().recordMovements(List.of(m));
            return true;
        });
    }

    /**
     * Applies {@code steps} to {@code expected} (the payment as last read), stores the result if
     * the stored version is still the expected one, and posts the ledger entries and outbox events
     * of every step, all in one transaction. If another writer moved the payment meanwhile, the
     * steps are applied once more to the stored state (which may refuse them).
     */
    private PaymentOutcome transition(Payment expected, List<Step> steps) {
        return transition(expected, steps, List.of());
    }

    /** As {@link #transition(Payment, List)}, recording {@code movements} the network accepted in the same transaction when the steps apply. */
    private PaymentOutcome transition(Payment expected, List<Step> steps, List<NetworkMovement> movements) {
        return transition(expected, steps, movements, Optional.empty());
    }

    /** As above; {@code priced}: the loyalty programme's price of this payment, recorded when the steps apply. */
    private PaymentOutcome transition(Payment expected, List<Step> steps, List<NetworkMovement> movements, Optional<LoyaltyApplication> priced) {
        return storage.transactor().inTransaction(() -> applyAndStore(expected, steps, movements, priced).orElseGet(() -> {
            Optional<Payment> current = storage.payments().find(expected.id());
            if (current.isEmpty()) return new PaymentOutcome.NotFound();
            return applyAndStore(current.get(), steps, movements, priced)
                    .orElseGet(() -> new PaymentOutcome.Refused(current.get(), "the payment changed concurrently; retry"));
        }));
    }

    /** Inside the caller's transaction; empty when the stored payment is no longer at {@code from}'s version. */
    private Optional<PaymentOutcome> applyAndStore(Payment from, List<Step> steps, List<NetworkMovement> movements,
                                                   Optional<LoyaltyApplication> priced) {
        Payment next = from;
        List<Applied> applied = new ArrayList<>();
        for (Step step : steps) {
            switch (step.apply(next)) {
                case TransitionResult.Refused r -> { return Optional.of(new PaymentOutcome.Refused(r.payment(), r.reason())); }
                case TransitionResult.Applied a -> {
                    next = a.payment();
                    applied.add(new Applied(a.payment(), a.event()));
                }
            }
        }
        if (applied.isEmpty()) return Optional.of(new PaymentOutcome.Done(from));
        if (!storage.payments().update(next, from.version())) return Optional.empty();
        if (!movements.isEmpty()) storage.payments().recordMovements(movements);
        List<OutboxEvent> events = new ArrayList<>();
        List<Transfer> transfers = new ArrayList<>();
        for (Applied a : applied) {
            Instant at = a.payment().updatedAt();
            transfers.addAll(postings.forEvent(a.payment(), a.event(), at));
            webhookType(a.event()).ifPresent(type -> events.add(new OutboxEvent(EventId.random(), a.payment().merchant(), type,
                    a.payment().id(), a.payment().version(), at)));
            events.addAll(loyalty.posted(a.payment(), a.event(), priced, at));
        }
        List<PostResult> posted = ledger.postAll(transfers);
        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            switch (posted.get(i)) {
                case PostResult.Posted p -> { }
                case PostResult.AlreadyPosted p -> { }
                case PostResult.IdConflict c -> throw new IllegalStateException("ledger id conflict on " + t.id());
                case PostResult.Refused r -> throw new IllegalStateException("ledger refused " + t.id() + ": " + r.reason());
            }
        }
        if (!events.isEmpty()) storage.webhooks().enqueue(events);
        return Optional.of(switch (next.status()) {
            case DECLINED -> new PaymentOutcome.Declined(next);
            case CREATED, AWAITING_PALM, HINT_NEEDED, AUTHORISED, CAPTURED, VOIDED -> new PaymentOutcome.Done(next);
        });
    }

    /** One applied step: the state after it and its event. */
    private record Applied(Payment payment, PaymentEvent event) {}

    /** The webhook event type of a payment event, if merchants are told about it. */
    static Optional<String> webhookType(PaymentEvent event) {
        return switch (event) {
            case PaymentEvent.PalmAwaited e -> Optional.empty();
            case PaymentEvent.HintRequested e -> Optional.empty();
            case PaymentEvent.Authorised e -> Optional.of("payment.authorised");
            case PaymentEvent.Declined e -> Optional.of("payment.declined");
            case PaymentEvent.Captured e -> Optional.of("payment.captured");
            case PaymentEvent.Voided e -> Optional.of("payment.voided");
            case PaymentEvent.Refunded e -> Optional.of("payment.refunded");
            case PaymentEvent.MovementClaimed e -> Optional.empty();
            case PaymentEvent.ClaimReleased e -> Optional.empty();
        };
    }

    private PaymentOutcome record(PaymentOutcome outcome) {
        String name = switch (outcome) {
            case PaymentOutcome.Done d -> d.payment().status().name().toLowerCase();
            case PaymentOutcome.Declined d -> "declined";
            case PaymentOutcome.HintNeeded h -> "hint_needed";
            case PaymentOutcome.NotRecognised n -> "not_recognised";
            case PaymentOutcome.Refused r -> "refused";
            case PaymentOutcome.NetworkUnavailable n -> "network_unavailable";
            case PaymentOutcome.Busy b -> "busy";
            case PaymentOutcome.NotFound n -> "not_found";
        };
        observer.paymentOutcome(name);
        return outcome;
    }

    private PaymentOutcome refused(Payment payment, String reason) {
        return record(new PaymentOutcome.Refused(payment, reason));
    }

    private <T> Optional<T> withPermit(Semaphore semaphore, Supplier<T> work) {
        boolean acquired;
        try {
            acquired = semaphore.tryAcquire(permitWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!acquired) return Optional.empty();
        try {
            return Optional.of(work.get());
        } finally {
            semaphore.release();
        }
    }
}
