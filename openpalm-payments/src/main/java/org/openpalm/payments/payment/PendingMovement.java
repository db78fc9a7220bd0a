package org.openpalm.payments.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;

/**
 * A money movement claimed on a payment before the card network is called ("claim, then call,
 * then settle"). While a payment holds a claim no other capture, void or refund of it reaches the
 * network; the claim is settled (the movement applied) when the network accepts, released when it
 * rejects, and kept when it does not answer, so that a retry with the same request, or the
 * recovery after a crash, repeats the very same (idempotent) network message.
 *
 * @param refund the refund id, for {@link MovementKind#REFUND} only
 */
public record PendingMovement(MovementKind kind, Money amount, Optional<RefundId> refund, Instant claimedAt) {
    public PendingMovement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(refund, "refund");
        Objects.requireNonNull(claimedAt, "claimedAt");
        if ((kind == MovementKind.REFUND) != refund.isPresent()) throw new IllegalArgumentException("a refund id goes with a refund claim only");
    }

    /** Whether this claim is for the same movement (kind, amount and refund id; not the time). */
    public boolean sameMovement(MovementKind otherKind, Money otherAmount, Optional<RefundId> otherRefund) {
        return kind == otherKind && amount.equals(otherAmount) && refund.equals(otherRefund);
    }

    /** Shopper- and merchant-readable: "a refund of EUR 10.00 is in progress". */
    public String describe() {
        String what = switch (kind) {
            case CAPTURE -> "a capture";
            case REVERSAL -> "a void";
            case REFUND -> "a refund";
        };
        return what + " of " + amount + " is in progress";
    }
}
