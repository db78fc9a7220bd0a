package org.openpalm.payments.reconcile;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ledger.TransferId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.payments.payment.MovementKind;

/**
 * A movement the card network accepted, as the platform recorded it, in the transaction that
 * settled it: the bridge between a record of the network's clearing file (by {@code reference}) and
 * the ledger (by {@code transfer}).
 *
 * @param transfer the ledger transfer it settled; empty for a compensation the ledger never held
 *                 (a reversal after a timeout or a lost race, the refund of a sale that lost the race
 *                 with a void): those net out at the network and must balance per payment
 */
public record NetworkMovement(PaymentId payment, MovementKind kind, Money amount, NetworkReference reference,
                              Optional<TransferId> transfer, Instant at) {
    public NetworkMovement {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(at, "at");
    }
}
