package org.openpalm.payments.payment;

import java.util.Objects;

/** A transition either applies (new state and what happened) or is refused with the reason. */
public sealed interface TransitionResult {
    record Applied(Payment payment, PaymentEvent event) implements TransitionResult {
        public Applied {
            Objects.requireNonNull(payment, "payment");
            Objects.requireNonNull(event, "event");
        }
    }

    record Refused(Payment payment, String reason) implements TransitionResult {
        public Refused {
            Objects.requireNonNull(payment, "payment");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
