package org.openpalm.payments.attempt;

import java.util.Objects;
import org.openpalm.biometrics.ReplayReason;

/** Whether a palm capture may go on to identification or enrolment. Closed: switch without {@code default}. */
public sealed interface PresentationVerdict {
    /** Within the caps and not a replay. */
    record Admitted() implements PresentationVerdict {}

    /** The capture repeats one the servers saw elsewhere (its bytes) or this server saw (its template). */
    record Replayed(ReplayReason reason) implements PresentationVerdict {
        public Replayed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The payment has had its {@code limit} palm presentations; void it and start a new one. */
    record TooManyForPayment(int limit) implements PresentationVerdict {}

    /** The terminal made {@code limitPerMinute} presentations this minute; retry after {@code retryAfterSeconds}. */
    record TooManyForTerminal(int limitPerMinute, long retryAfterSeconds) implements PresentationVerdict {}
}
