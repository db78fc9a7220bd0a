package org.openpalm.payments.network;

/** The network's answer to a capture, reversal or refund message. */
public sealed interface ClearingResult {
    record Accepted() implements ClearingResult {}

    record Rejected(String reason) implements ClearingResult {}

    record Unavailable(String reason) implements ClearingResult {}
}
