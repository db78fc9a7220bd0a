package org.openpalm.payments.service;

import java.time.Duration;

/** Port for metrics: the server implements it with Micrometer. Outcome names are lower-case words. */
public interface PaymentsObserver {
    PaymentsObserver NONE = new PaymentsObserver() {};

    default void identified(String outcome, Duration took) {}

    default void authorised(String outcome, Duration took) {}

    default void paymentOutcome(String outcome) {}
}
