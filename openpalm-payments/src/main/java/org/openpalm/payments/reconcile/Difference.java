package org.openpalm.payments.reconcile;

import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ledger.Transfer;

/** One way the network's clearing and the platform's books disagree. */
public sealed interface Difference {
    /** The network cleared a movement the platform never recorded as accepted. */
    record NotInLedger(ClearingRecord record) implements Difference {}

    /** The network cleared the same message twice: money moved twice. */
    record ClearedTwice(ClearingRecord record) implements Difference {}

    /** The network cleared another kind or amount than the platform recorded for the same message. */
    record AmountDiffers(ClearingRecord record, NetworkMovement movement) implements Difference {}

    /** The platform recorded an accepted movement whose ledger transfer is missing or of another amount. */
    record LedgerEntryMissing(NetworkMovement movement) implements Difference {}

    /** A ledger capture, void or refund that the network never cleared. */
    record NotCleared(Transfer transfer) implements Difference {}

    /** Compensations of a payment (a sale's capture and the refund giving it back) do not net to zero. */
    record CompensationUnbalanced(PaymentId payment, long netMinor) implements Difference {}

    /** One line for people and logs. */
    default String describe() {
        return switch (this) {
            case NotInLedger d -> "network " + d.record().kind() + " " + d.record().reference() + " of " + d.record().amountMinor() + " "
                    + d.record().currencyCode() + " (rrn " + d.record().rrn() + ") has no ledger movement";
            case ClearedTwice d -> "network cleared " + d.record().kind() + " " + d.record().reference() + " more than once";
            case AmountDiffers d -> "network " + d.record().kind() + " " + d.record().reference() + " of " + d.record().amountMinor() + " "
                    + d.record().currencyCode() + " but the platform recorded " + d.movement().kind() + " of " + d.movement().amount()
                    + " on " + d.movement().payment();
            case LedgerEntryMissing d -> "accepted " + d.movement().kind() + " " + d.movement().reference() + " of " + d.movement().amount()
                    + " on " + d.movement().payment() + " has no matching ledger transfer " + d.movement().transfer().map(Object::toString).orElse("");
            case NotCleared d -> "ledger transfer " + d.transfer().id() + " of " + d.transfer().amount() + " has no network clearing record";
            case CompensationUnbalanced d -> "compensations of " + d.payment() + " leave " + d.netMinor() + " minor units at the network";
        };
    }
}
