package org.openpalm.payments.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.card.Card;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.Ledger;
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

    public PaymentService(Storage storage, PalmIdentifier identifier, CardAuthoriser network, PaymentsConfig config,
                          Clock clock, PaymentsObserver observer) {
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
    }

    /** The result of creating a payment. */
    public sealed interface CreateOutcome {
        record Created(Payment payment) implements CreateOutcome {}

        /** The terminal does not exist or belongs to another merchant. */
        record UnknownTerminal() implements CreateOutcome {}
    }

    public CreateOutcome create(MerchantId merchant, TerminalId terminal, Money amount) {
        return storage.transactor().inTransaction(() -> {
            Optional<Terminal> t = storage.merchants().findTerminal(terminal);
            if (t.isEmpty() || !t.get().merchant().equals(merchant)) return new CreateOutcome.UnknownTerminal();
            // The ledger accounts this payment will post to are opened now, in this short
            // transaction: a merchant's first payments, authorised together, would otherwise each
            // insert the same new accounts inside their longer authorisation transactions and wait
            // on one another's row locks (H2 gave up with a lock timeout).
            ledger.open(LedgerPostings.accountsOf(merchant, amount.currency()));
            Payment payment = Payment.create(PaymentId.random(), merchant, terminal, amount, clock.instant());
            storage.payments().insert(payment);
            return new CreateOutcome.Created(payment);
        });
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
     * if asked for and typed), then authorise their default card.
     */
    public PaymentOutcome presentPalm(TerminalId terminal, PaymentId id, PalmTemplate probe, Optional<PalmHint> hint) {
        Optional<Payment> found = findForTerminal(terminal, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        Payment payment = found.get();
        switch (payment.status()) {
            case CREATED -> {
                PaymentOutcome started = transition(id, p -> p.awaitPalm(clock.instant()));
                if (!(started instanceof PaymentOutcome.Done(Payment p))) return started;
                payment = p;
            }
            case AWAITING_PALM, HINT_NEEDED -> { }
            case AUTHORISED, CAPTURED -> { return refused(payment, "the payment is already authorised"); }
            case DECLINED, VOIDED -> { return refused(payment, "the payment is " + payment.status().name().toLowerCase()); }
        }
        Optional<Identification> identification = withPermit(identifications, () -> timedIdentify(probe, hint));
        if (identification.isEmpty()) return new PaymentOutcome.Busy();
        final Payment current = payment;
        return switch (identification.get()) {
            case Identification.NotRecognised n -> {
                observer.paymentOutcome("not_recognised");
                yield new PaymentOutcome.NotRecognised(current);
            }
            case Identification.HintNeeded h -> {
                PaymentOutcome asked = switch (current.status()) {
                    case HINT_NEEDED -> new PaymentOutcome.Done(current);
                    case CREATED, AWAITING_PALM, AUTHORISED, DECLINED, CAPTURED, VOIDED -> transition(id, p -> p.needHint(clock.instant()));
                };
                observer.paymentOutcome("hint_needed");
                yield asked instanceof PaymentOutcome.Done(Payment p) ? new PaymentOutcome.HintNeeded(p, h.candidates()) : asked;
            }
            case Identification.Identified who -> authorise(current, who);
        };
    }

    private Identification timedIdentify(PalmTemplate probe, Optional<PalmHint> hint) {
        long start = System.nanoTime();
        Identification result = identifier.identify(probe, hint);
        String outcome = switch (result) {
            case Identification.Identified i -> "identified";
            case Identification.HintNeeded h -> "hint_needed";
            case Identification.NotRecognised n -> "not_recognised";
        };
        observer.identified(outcome, Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    private PaymentOutcome authorise(Payment payment, Identification.Identified who) {
        Optional<EnrolledPalm> palm = storage.palms().find(who.enrolment());
        Optional<Customer> customer = palm.flatMap(p -> storage.customers().find(p.customer()));
        Optional<Card> card = customer.flatMap(Customer::defaultCard).flatMap(c -> storage.customers().findCard(c));
        if (customer.isEmpty() || card.isEmpty()) {
            return record(transition(payment.id(), p -> p.decline(customer.map(Customer::id), Optional.empty(), Decline.NO_CARD, clock.instant())));
        }
        AuthorisationRequest request = new AuthorisationRequest(payment.id(), payment.merchant(), card.get().token(), card.get().expiry(), payment.amount());
        Optional<AuthorisationResult> answer = withPermit(authorisations, () -> {
            long start = System.nanoTime();
            AuthorisationResult r = network.authorise(request);
            String outcome = switch (r) {
                case AuthorisationResult.Approved a -> "approved";
                case AuthorisationResult.Declined d -> "declined";
                case AuthorisationResult.TimedOut t -> "timed_out";
                case AuthorisationResult.Unavailable u -> "unavailable";
            };
            observer.authorised(outcome, Duration.ofNanos(System.nanoTime() - start));
            return r;
        });
        if (answer.isEmpty()) return new PaymentOutcome.Busy();
        Customer c = customer.get();
        Card k = card.get();
        return switch (answer.get()) {
            case AuthorisationResult.Approved a -> {
                Authorisation auth = new Authorisation(a.authCode(), a.rrn(), payment.amount());
                PaymentOutcome result;
                try {
                    result = transition(payment.id(), p -> p.authorise(c.id(), k.id(), auth, clock.instant()));
                } catch (RuntimeException e) {
                    network.reverse(payment.id()); // not recorded: release the hold
                    throw e;
                }
                if (!(result instanceof PaymentOutcome.Done)) network.reverse(payment.id()); // lost a race: release the hold
                yield record(result);
            }
            case AuthorisationResult.Declined d -> record(transition(payment.id(),
                    p -> p.decline(Optional.of(c.id()), Optional.of(k.id()), new Decline(d.responseCode(), d.shopperReason()), clock.instant())));
            case AuthorisationResult.TimedOut t -> {
                // The issuer may have approved and held funds without our hearing: reverse (best effort;
                // the ISO 8583 link repeats reversals until acknowledged).
                network.reverse(payment.id());
                observer.paymentOutcome("network_unavailable");
                yield new PaymentOutcome.NetworkUnavailable(payment, "the card network did not answer in time");
            }
            case AuthorisationResult.Unavailable u -> {
                observer.paymentOutcome("network_unavailable");
                yield new PaymentOutcome.NetworkUnavailable(payment, "the card network is unavailable");
            }
        };
    }

    /** Captures the whole authorised amount, or {@code amount} when given (partial capture). */
    public PaymentOutcome capture(MerchantId merchant, PaymentId id, Optional<Money> amount) {
        Optional<Payment> found = find(merchant, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        Payment payment = found.get();
        Money toCapture = amount.orElse(payment.amount());
        if (payment.capture(toCapture, clock.instant()) instanceof TransitionResult.Refused r) return refused(payment, r.reason());
        ClearingResult cleared = network.capture(id, payment.authorisation().orElseThrow(), toCapture);
        return switch (cleared) {
            case ClearingResult.Accepted a -> record(transition(id, p -> p.capture(toCapture, clock.instant())));
            case ClearingResult.Rejected r -> refused(payment, "the card network rejected the capture: " + r.reason());
            case ClearingResult.Unavailable u -> new PaymentOutcome.NetworkUnavailable(payment, u.reason());
        };
    }

    public PaymentOutcome voidPayment(MerchantId merchant, PaymentId id) {
        Optional<Payment> found = find(merchant, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        Payment payment = found.get();
        if (payment.voidPayment(clock.instant()) instanceof TransitionResult.Refused r) return refused(payment, r.reason());
        if (payment.authorisation().isPresent()) {
            ClearingResult reversed = network.reverse(id);
            switch (reversed) {
                case ClearingResult.Accepted a -> { }
                case ClearingResult.Rejected r -> { return refused(payment, "the card network rejected the reversal: " + r.reason()); }
                case ClearingResult.Unavailable u -> { return new PaymentOutcome.NetworkUnavailable(payment, u.reason()); }
            }
        }
        return record(transition(id, p -> p.voidPayment(clock.instant())));
    }

    public PaymentOutcome refund(MerchantId merchant, PaymentId id, RefundId refundId, Money amount) {
        Optional<Payment> found = find(merchant, id);
        if (found.isEmpty()) return new PaymentOutcome.NotFound();
        Payment payment = found.get();
        if (payment.refund(refundId, amount, clock.instant()) instanceof TransitionResult.Refused r) return refused(payment, r.reason());
        ClearingResult refunded = network.refund(id, payment.authorisation().orElseThrow(), refundId, amount);
        return switch (refunded) {
            case ClearingResult.Accepted a -> record(transition(id, p -> p.refund(refundId, amount, clock.instant())));
            case ClearingResult.Rejected r -> refused(payment, "the card network rejected the refund: " + r.reason());
            case ClearingResult.Unavailable u -> new PaymentOutcome.NetworkUnavailable(payment, u.reason());
        };
    }

    /**
     * Loads the payment, applies the transition, stores the new state and posts its ledger
     * entries, all in one transaction. A concurrent change (version moved) is a refusal.
     */
    private PaymentOutcome transition(PaymentId id, Function<Payment, TransitionResult> step) {
        return storage.transactor().inTransaction(() -> {
            Optional<Payment> current = storage.payments().find(id);
            if (current.isEmpty()) return new PaymentOutcome.NotFound();
            return switch (step.apply(current.get())) {
                case TransitionResult.Refused r -> new PaymentOutcome.Refused(r.payment(), r.reason());
                case TransitionResult.Applied a -> {
                    if (!storage.payments().update(a.payment())) {
                        yield new PaymentOutcome.Refused(current.get(), "the payment changed concurrently; retry");
                    }
                    Instant at = a.payment().updatedAt();
                    List<Transfer> transfers = postings.forEvent(a.payment(), a.event(), at);
                    for (Transfer t : transfers) {
                        switch (ledger.post(t)) {
                            case PostResult.Posted p -> { }
                            case PostResult.AlreadyPosted p -> { }
                            case PostResult.IdConflict c -> throw new IllegalStateException("ledger id conflict on " + t.id());
                            case PostResult.Refused r -> throw new IllegalStateException("ledger refused " + t.id() + ": " + r.reason());
                        }
                    }
                    webhookType(a.event()).ifPresent(type -> storage.webhooks().enqueue(new OutboxEvent(EventId.random(),
                            a.payment().merchant(), type, a.payment().id(), a.payment().version(), at)));
                    yield switch (a.payment().status()) {
                        case DECLINED -> new PaymentOutcome.Declined(a.payment());
                        case CREATED, AWAITING_PALM, HINT_NEEDED, AUTHORISED, CAPTURED, VOIDED -> new PaymentOutcome.Done(a.payment());
                    };
                }
            };
        });
    }

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
