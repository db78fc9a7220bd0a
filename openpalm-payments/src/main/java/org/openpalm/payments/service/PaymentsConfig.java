package org.openpalm.payments.service;

import org.openpalm.payments.money.FeeSchedule;

/**
 * Tuning of the payment services.
 *
 * @param maxConcurrentIdentifications palm searches running at once (CPU-bound)
 * @param maxConcurrentAuthorisations  calls to the card network in flight at once
 * @param permitWaitMillis             how long a request waits for a permit before "busy"
 * @param fees                         platform fee on captures
 * @param claimRecoveryAfterMillis     age after which a claimed capture, void or refund whose
 *                                     network call never finished (crash, lost answer) is driven to
 *                                     its end by {@link PaymentService#recoverClaims}; longer than any
 *                                     network call (the ISO 8583 link times out in seconds), so
 *                                     recovery never repeats a message still in flight
 */
public record PaymentsConfig(int maxConcurrentIdentifications, int maxConcurrentAuthorisations, long permitWaitMillis, FeeSchedule fees,
                             long claimRecoveryAfterMillis) {
    public static final PaymentsConfig DEFAULT = new PaymentsConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 64, 2_000,
            FeeSchedule.DEFAULT, 60_000);

    public PaymentsConfig {
        if (maxConcurrentIdentifications < 1) throw new IllegalArgumentException("maxConcurrentIdentifications must be positive");
        if (maxConcurrentAuthorisations < 1) throw new IllegalArgumentException("maxConcurrentAuthorisations must be positive");
        if (permitWaitMillis < 0) throw new IllegalArgumentException("permitWaitMillis must not be negative");
        java.util.Objects.requireNonNull(fees, "fees");
        if (claimRecoveryAfterMillis < 1) throw new IllegalArgumentException("claimRecoveryAfterMillis must be positive");
    }
}
