package org.openpalm.payments.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.reconcile.NetworkMovement;

/** Payments with their refunds. */
public interface PaymentRepository {
    void insert(Payment payment);

    /**
     * Stores {@code next} if the stored version is still {@code expectedVersion} (the version the
     * transitions leading to {@code next} started from); false when another writer got there
     * first (the caller reloads and retries or refuses).
     */
    boolean update(Payment next, long expectedVersion);

    Optional<Payment> find(PaymentId id);

    List<Payment> allPayments();

    /**
     * Payments holding a {@link PendingMovement} claimed before {@code before}: the claims whose
     * network call was cut (a crash, a lost answer) and that recovery drives to their end.
     */
    List<Payment> withClaimsBefore(Instant before);

    /**
     * Records movements the network accepted, in the caller's transaction; a reference already
     * recorded (a repeated message) is not recorded again.
     */
    void recordMovements(List<NetworkMovement> movements);

    /** Every accepted movement, in the order recorded (for reconciliation). */
    List<NetworkMovement> allMovements();
}
