package org.openpalm.payments.service;

import org.openpalm.payments.money.FeeSchedule;

/**
 * Tuning of the payment services.
 *
 * @param maxConcurrentIdentifications palm searches running at once (CPU-bound)
 * @param maxConcurrentAuthorisations  calls to the card network in flight at once
 * @param permitWaitMillis             how long a request waits for a permit before "busy"
 * @param fees                         platform fee on captures
 */
public record PaymentsConfig(int maxConcurrentIdentifications, int maxConcurrentAuthorisations, long permitWaitMillis, FeeSchedule fees) {
    public static final PaymentsConfig DEFAULT = new PaymentsConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 64, 2_000, FeeSchedule.DEFAULT);

    public PaymentsConfig {
        if (maxConcurrentIdentifications < 1) throw new IllegalArgumentException("maxConcurrentIdentifications must be positive");
        if (maxConcurrentAuthorisations < 1) throw new IllegalArgumentException("maxConcurrentAuthorisations must be positive");
        if (permitWaitMillis < 0) throw new IllegalArgumentException("permitWaitMillis must not be negative");
        java.util.Objects.requireNonNull(fees, "fees");
    }
}
