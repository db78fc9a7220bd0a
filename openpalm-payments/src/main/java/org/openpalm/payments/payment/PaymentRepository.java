package org.openpalm.payments.payment;

import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.PaymentId;

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
}
