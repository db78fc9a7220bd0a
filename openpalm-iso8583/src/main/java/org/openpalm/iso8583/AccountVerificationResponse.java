package org.openpalm.iso8583;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * 0110 answer to an {@link AccountVerificationRequest} (field 25 echoes 51). 00: verified; N7:
 * the card security code does not match; 14, 05, 54: card unknown, blocked, expired; 91, 96: no
 * conclusion. The card number is not echoed.
 */
public record AccountVerificationResponse(Stan stan, Instant transmittedAt, Acceptor acceptor, java.util.Currency currency,
        ResponseCode responseCode) implements NetworkMessage {
    public AccountVerificationResponse {
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(acceptor, "acceptor");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(responseCode, "responseCode");
    }

    @Override public String mti() { return "0110"; }
    @Override public String terminalKey() { return acceptor.terminalId().value(); }
}
