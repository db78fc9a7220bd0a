package org.openpalm.payments.network;

import java.util.Objects;

/** The network's answer to a capture, reversal or refund message. */
public sealed interface ClearingResult {
    /** @param reference the network's identity of the message, as its clearing file names it */
    record Accepted(NetworkReference reference) implements ClearingResult {
        public Accepted {
            Objects.requireNonNull(reference, "reference");
        }
    }

    record Rejected(String reason) implements ClearingResult {}

    record Unavailable(String reason) implements ClearingResult {}
}
