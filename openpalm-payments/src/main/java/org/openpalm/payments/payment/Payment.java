package org.openpalm.payments.payment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;

/**
 * A palm payment and its state machine. Immutable: every transition returns a
 * {@link TransitionResult}, either the next state with its event or a refusal with the reason.
 *
 * <pre>
 * CREATED -> AWAITING_PALM -> (HINT_NEEDED ->) AUTHORISED | DECLINED
 * AUTHORISED -> CAPTURED (full or partial) | VOIDED
 * CAPTURED -> refunds, several, their sum never above the captured amount
 * CREATED | AWAITING_PALM | HINT_NEEDED -> VOIDED (cancelled)
 * </pre>
 *
 * {@code version} counts applied transitions (optimistic concurrency in the repository). With
 * {@link CaptureMethod#AUTOMATIC} the payment service applies capture right after authorise.
 */
public record Payment(
        PaymentId id,
        MerchantId merchant,
        TerminalId terminal,
        Money amount,
        PaymentStatus status,
        Optional<CustomerId> customer,
        Optional<CardId> card,
        Optional<Authorisation> authorisation,
        Optional<Decline> decline,
        Money captured,
        List<Refund> refunds,
        long version,
        Instant createdAt,
        Instant updatedAt,
        CaptureMethod captureMethod) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(authorisation, "authorisation");
        Objects.requireNonNull(decline, "decline");
        Objects.requireNonNull(captured, "captured");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(captureMethod, "captureMethod");
        refunds = List.copyOf(refunds);
        if (amount.isZero()) throw new IllegalArgumentException("a payment amount must be positive");
    }

    /** A payment the merchant captures itself ({@link CaptureMethod#MANUAL}). */
    public static Payment create(PaymentId id, MerchantId merchant, TerminalId terminal, Money amount, Instant now) {
        return create(id, merchant, terminal, amount, CaptureMethod.MANUAL, now);
    }

    public static Payment create(PaymentId id, MerchantId merchant, TerminalId terminal, Money amount, CaptureMethod captureMethod,
                                 Instant now) {
        return new Payment(id, merchant, terminal, amount, PaymentStatus.CREATED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Money.zero(amount.currency()), List.of(), 0, now, now, captureMethod);
    }

    public Money refunded() {
        Money sum = Money.zero(amount.currency());
        for (Refund r : refunds) sum = sum.plus(r.amount());
        return sum;
    }

    public Money refundable() {
        return captured.minus(refunded());
    }

    /** The terminal starts capturing a palm. */
    public TransitionResult awaitPalm(Instant now) {
        return switch (status) {
            case CREATED -> applied(with(PaymentStatus.AWAITING_PALM, now), new PaymentEvent.PalmAwaited());
            case AWAITING_PALM, HINT_NEEDED -> refused("a palm capture is already in progress");
            case AUTHORISED, CAPTURED -> refused("the payment is already authorised");
            case DECLINED -> refused("the payment was declined");
            case VOIDED -> refused("the payment was voided");
        };
    }

    /** Several palms matched: ask the shopper for the hint. */
    public TransitionResult needHint(Instant now) {
        return switch (status) {
            case AWAITING_PALM -> applied(with(PaymentStatus.HINT_NEEDED, now), new PaymentEvent.HintRequested());
            case HINT_NEEDED -> refused("a hint was already asked for");
            case CREATED -> refused("no palm capture has started");
            case AUTHORISED, CAPTURED, DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    public TransitionResult authorise(CustomerId customer, CardId card, Authorisation authorisation, Instant now) {
        return switch (status) {
            case AWAITING_PALM, HINT_NEEDED -> {
                if (!authorisation.amount().equals(amount)) yield refused("authorised amount differs from the payment amount");
                yield applied(new Payment(id, merchant, terminal, amount, PaymentStatus.AUTHORISED, Optional.of(customer),
                        Optional.of(card), Optional.of(authorisation), Optional.empty(), captured, refunds, version + 1,
                        createdAt, now, captureMethod), new PaymentEvent.Authorised(amount));
            }
            case CREATED -> refused("no palm capture has started");
            case AUTHORISED, CAPTURED -> refused("the payment is already authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    public TransitionResult decline(Optional<CustomerId> customer, Optional<CardId> card, Decline decline, Instant now) {
        return switch (status) {
            case AWAITING_PALM, HINT_NEEDED -> applied(new Payment(id, merchant, terminal, amount, PaymentStatus.DECLINED,
                    customer, card, Optional.empty(), Optional.of(decline), captured, refunds, version + 1, createdAt, now, captureMethod),
                    new PaymentEvent.Declined(decline));
            case CREATED -> refused("no palm capture has started");
            case AUTHORISED, CAPTURED -> refused("the payment is already authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /** Captures {@code toCapture} (at most the authorised amount); the rest of the hold is released. */
    public TransitionResult capture(Money toCapture, Instant now) {
        return switch (status) {
            case AUTHORISED -> {
                if (!toCapture.currency().equals(amount.currency())) yield refused("capture currency differs from the payment currency");
                if (toCapture.isZero()) yield refused("capture amount must be positive");
                if (toCapture.greaterThan(amount)) yield refused("capture amount exceeds the authorised amount " + amount);
                yield applied(new Payment(id, merchant, terminal, amount, PaymentStatus.CAPTURED, customer, card,
                        authorisation, decline, toCapture, refunds, version + 1, createdAt, now, captureMethod),
                        new PaymentEvent.Captured(toCapture, amount.minus(toCapture)));
            }
            case CAPTURED -> refused("the payment is already captured");
            case CREATED, AWAITING_PALM, HINT_NEEDED -> refused("the payment is not authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /** Releases the hold of an authorised payment, or cancels one not yet authorised. */
    public TransitionResult voidPayment(Instant now) {
        return switch (status) {
            case AUTHORISED -> applied(with(PaymentStatus.VOIDED, now), new PaymentEvent.Voided(amount));
            case CREATED, AWAITING_PALM, HINT_NEEDED ->
                    applied(with(PaymentStatus.VOIDED, now), new PaymentEvent.Voided(Money.zero(amount.currency())));
            case CAPTURED -> refused("the payment is captured: refund it instead");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    public TransitionResult refund(RefundId refundId, Money toRefund, Instant now) {
        return switch (status) {
            case CAPTURED -> {
                if (!toRefund.currency().equals(amount.currency())) yield refused("refund currency differs from the payment currency");
                if (toRefund.isZero()) yield refused("refund amount must be positive");
                if (refunds.stream().anyMatch(r -> r.id().equals(refundId))) yield refused("refund " + refundId + " already made");
                if (toRefund.greaterThan(refundable())) yield refused("refund exceeds the refundable amount " + refundable());
                List<Refund> next = new ArrayList<>(refunds);
                next.add(new Refund(refundId, toRefund, now));
                yield applied(new Payment(id, merchant, terminal, amount, status, customer, card, authorisation, decline,
                        captured, next, version + 1, createdAt, now, captureMethod), new PaymentEvent.Refunded(refundId, toRefund));
            }
            case AUTHORISED -> refused("the payment is not captured: void it instead");
            case CREATED, AWAITING_PALM, HINT_NEEDED -> refused("the payment is not captured");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    private Payment with(PaymentStatus next, Instant now) {
        return new Payment(id, merchant, terminal, amount, next, customer, card, authorisation, decline, captured, refunds,
                version + 1, createdAt, now, captureMethod);
    }

    private TransitionResult applied(Payment next, PaymentEvent event) {
        return new TransitionResult.Applied(next, event);
    }

    private TransitionResult refused(String reason) {
        return new TransitionResult.Refused(this, reason);
    }
}
