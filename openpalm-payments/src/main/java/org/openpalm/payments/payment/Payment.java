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
 * A capture, a void of an authorised payment and a refund each reach the card network: the
 * payment service first claims the movement ({@link #claimCapture}, {@link #claimReversal},
 * {@link #claimRefund}: a {@link PendingMovement} and a version bump), then calls the network, then
 * settles ({@link #capture}, {@link #voidPayment}, {@link #refund}) or releases the claim. One claim
 * at a time: parallel requests find the claim and are refused, so the network sees each movement once.
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
        CaptureMethod captureMethod,
        Optional<PendingMovement> pending) {

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
        Objects.requireNonNull(pending, "pending");
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
                Optional.empty(), Optional.empty(), Money.zero(amount.currency()), List.of(), 0, now, now, captureMethod,
                Optional.empty());
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
                        createdAt, now, captureMethod, pending), new PaymentEvent.Authorised(amount));
            }
            case CREATED -> refused("no palm capture has started");
            case AUTHORISED, CAPTURED -> refused("the payment is already authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /**
     * Authorises a member's payment after a loyalty discount: {@code authorisation} holds the
     * amount charged, and {@code original - discount} must equal it. From here the payment's
     * amount is what was charged (captures, refunds and the ledger work on it); the original
     * price and the discount are the loyalty programme's record.
     */
    public TransitionResult authoriseDiscounted(CustomerId customer, CardId card, Authorisation authorisation, Money discount, Instant now) {
        if (discount.isZero()) return authorise(customer, card, authorisation, now);
        return switch (status) {
            case AWAITING_PALM, HINT_NEEDED -> {
                if (!authorisation.amount().plus(discount).equals(amount)) yield refused("authorised amount and discount differ from the payment amount");
                yield applied(new Payment(id, merchant, terminal, authorisation.amount(), PaymentStatus.AUTHORISED, Optional.of(customer),
                        Optional.of(card), Optional.of(authorisation), Optional.empty(), captured, refunds, version + 1,
                        createdAt, now, captureMethod, pending), new PaymentEvent.Authorised(authorisation.amount()));
            }
            case CREATED -> refused("no palm capture has started");
            case AUTHORISED, CAPTURED -> refused("the payment is already authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    public TransitionResult decline(Optional<CustomerId> customer, Optional<CardId> card, Decline decline, Instant now) {
        return switch (status) {
            case AWAITING_PALM, HINT_NEEDED -> applied(new Payment(id, merchant, terminal, amount, PaymentStatus.DECLINED,
                    customer, card, Optional.empty(), Optional.of(decline), captured, refunds, version + 1, createdAt, now, captureMethod, pending),
                    new PaymentEvent.Declined(decline));
            case CREATED -> refused("no palm capture has started");
            case AUTHORISED, CAPTURED -> refused("the payment is already authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /**
     * Captures {@code toCapture} (at most the authorised amount); the rest of the hold is released.
     * Settles a capture claim of the same amount, if one is pending; refused while another claim is.
     */
    public TransitionResult capture(Money toCapture, Instant now) {
        if (claimedOtherwise(MovementKind.CAPTURE, toCapture, Optional.empty())) return refused(pending.orElseThrow().describe());
        return switch (status) {
            case AUTHORISED -> {
                if (!toCapture.currency().equals(amount.currency())) yield refused("capture currency differs from the payment currency");
                if (toCapture.isZero()) yield refused("capture amount must be positive");
                if (toCapture.greaterThan(amount)) yield refused("capture amount exceeds the authorised amount " + amount);
                yield applied(new Payment(id, merchant, terminal, amount, PaymentStatus.CAPTURED, customer, card,
                        authorisation, decline, toCapture, refunds, version + 1, createdAt, now, captureMethod, Optional.empty()),
                        new PaymentEvent.Captured(toCapture, amount.minus(toCapture)));
            }
            case CAPTURED -> refused("the payment is already captured");
            case CREATED, AWAITING_PALM, HINT_NEEDED -> refused("the payment is not authorised");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /**
     * Releases the hold of an authorised payment, or cancels one not yet authorised. Settles a
     * reversal claim, if one is pending; refused while another claim is.
     */
    public TransitionResult voidPayment(Instant now) {
        Money held = status == PaymentStatus.AUTHORISED ? amount : Money.zero(amount.currency());
        if (claimedOtherwise(MovementKind.REVERSAL, held, Optional.empty())) return refused(pending.orElseThrow().describe());
        return switch (status) {
            case AUTHORISED -> applied(with(PaymentStatus.VOIDED, now, Optional.empty()), new PaymentEvent.Voided(amount));
            case CREATED, AWAITING_PALM, HINT_NEEDED ->
                    applied(with(PaymentStatus.VOIDED, now, Optional.empty()), new PaymentEvent.Voided(Money.zero(amount.currency())));
            case CAPTURED -> refused("the payment is captured: refund it instead");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /** Refunds {@code toRefund}; settles a refund claim with this id and amount, if one is pending; refused while another claim is. */
    public TransitionResult refund(RefundId refundId, Money toRefund, Instant now) {
        if (claimedOtherwise(MovementKind.REFUND, toRefund, Optional.of(refundId))) return refused(pending.orElseThrow().describe());
        return switch (status) {
            case CAPTURED -> {
                if (!toRefund.currency().equals(amount.currency())) yield refused("refund currency differs from the payment currency");
                if (toRefund.isZero()) yield refused("refund amount must be positive");
                if (refunds.stream().anyMatch(r -> r.id().equals(refundId))) yield refused("refund " + refundId + " already made");
                if (toRefund.greaterThan(refundable())) yield refused("refund exceeds the refundable amount " + refundable());
                List<Refund> next = new ArrayList<>(refunds);
                next.add(new Refund(refundId, toRefund, now));
                yield applied(new Payment(id, merchant, terminal, amount, status, customer, card, authorisation, decline,
                        captured, next, version + 1, createdAt, now, captureMethod, Optional.empty()),
                        new PaymentEvent.Refunded(refundId, toRefund));
            }
            case AUTHORISED -> refused("the payment is not captured: void it instead");
            case CREATED, AWAITING_PALM, HINT_NEEDED -> refused("the payment is not captured");
            case DECLINED, VOIDED -> refused("the payment is " + status.name().toLowerCase());
        };
    }

    /**
     * Claims the capture of {@code toCapture} before the network is asked: applied only where
     * {@link #capture} would be, and only while no other movement is claimed.
     */
    public TransitionResult claimCapture(Money toCapture, Instant now) {
        return claim(capture(toCapture, now), new PendingMovement(MovementKind.CAPTURE, toCapture, Optional.empty(), now));
    }

    /** Claims the reversal of an authorised payment's hold (a void that must reach the network). */
    public TransitionResult claimReversal(Instant now) {
        if (status != PaymentStatus.AUTHORISED) return refused("only an authorised payment has a hold to reverse");
        return claim(voidPayment(now), new PendingMovement(MovementKind.REVERSAL, amount, Optional.empty(), now));
    }

    /** Claims a refund before the network is asked: applied only where {@link #refund} would be, and only while no other movement is claimed. */
    public TransitionResult claimRefund(RefundId refundId, Money toRefund, Instant now) {
        return claim(refund(refundId, toRefund, now), new PendingMovement(MovementKind.REFUND, toRefund, Optional.of(refundId), now));
    }

    /** The network refused the claimed movement: nothing moved, the claim is lifted. */
    public TransitionResult releaseClaim(String reason, Instant now) {
        if (pending.isEmpty()) return refused("no money movement is claimed");
        return applied(with(status, now, Optional.empty()), new PaymentEvent.ClaimReleased(pending.get(), reason));
    }

    /** A claim is another movement than this one. */
    private boolean claimedOtherwise(MovementKind kind, Money moved, Optional<RefundId> refund) {
        return pending.isPresent() && !pending.get().sameMovement(kind, moved, refund);
    }

    private TransitionResult claim(TransitionResult wouldSettle, PendingMovement movement) {
        if (pending.isPresent()) return refused(pending.get().describe());
        return switch (wouldSettle) {
            case TransitionResult.Refused r -> r;
            case TransitionResult.Applied a -> applied(with(status, movement.claimedAt(), Optional.of(movement)),
                    new PaymentEvent.MovementClaimed(movement));
        };
    }

    private Payment with(PaymentStatus next, Instant now) {
        return with(next, now, pending);
    }

    private Payment with(PaymentStatus next, Instant now, Optional<PendingMovement> nextPending) {
        return new Payment(id, merchant, terminal, amount, next, customer, card, authorisation, decline, captured, refunds,
                version + 1, createdAt, now, captureMethod, nextPending);
    }

    private TransitionResult applied(Payment next, PaymentEvent event) {
        return new TransitionResult.Applied(next, event);
    }

    private TransitionResult refused(String reason) {
        return new TransitionResult.Refused(this, reason);
    }
}
