package org.openpalm.payments.network;

import java.util.Objects;

/** The network's answer to an authorisation request. */
public sealed interface AuthorisationResult {
    record Approved(String authCode, String rrn) implements AuthorisationResult {
        public Approved {
            Objects.requireNonNull(authCode, "authCode");
            Objects.requireNonNull(rrn, "rrn");
        }
    }

    /**
     * @param responseCode  ISO 8583 field 39 (51 insufficient funds, 54 expired, 14 invalid card, 05 do not honour)
     * @param shopperReason short text fit for the terminal screen
     */
    record Declined(String responseCode, String shopperReason) implements AuthorisationResult {
        public Declined {
            Objects.requireNonNull(responseCode, "responseCode");
            Objects.requireNonNull(shopperReason, "shopperReason");
        }
    }

    /** No answer in time: the outcome is unknown and the platform sends a reversal. */
    record TimedOut() implements AuthorisationResult {}

    /** The network refused to take the request (link down, overloaded). Nothing was authorised. */
    record Unavailable(String reason) implements AuthorisationResult {}
}
