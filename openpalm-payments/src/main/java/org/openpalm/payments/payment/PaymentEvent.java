package org.openpalm.payments.payment;

import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;

/** What an applied transition did; the ledger posts entries for the money-moving ones. */
public sealed interface PaymentEvent {
    record PalmAwaited() implements PaymentEvent {}

    record HintRequested() implements PaymentEvent {}

    record Authorised(Money amount) implements PaymentEvent {}

    record Declined(Decline decline) implements PaymentEvent {}

    record Captured(Money captured, Money released) implements PaymentEvent {}

    /** @param released the held amount released; zero when cancelled before authorisation */
    record Voided(Money released) implements PaymentEvent {}

    record Refunded(RefundId refund, Money amount) implements PaymentEvent {}

    /** A movement was claimed before the network is asked; no money moved yet. */
    record MovementClaimed(PendingMovement movement) implements PaymentEvent {}

    /** The network refused the claimed movement; no money moved. */
    record ClaimReleased(PendingMovement movement, String reason) implements PaymentEvent {}
}
