package org.openpalm.iso8583;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * 0600, processing code 900000 (private use): asks the network's token service for the network
 * token and payment account reference of a card. Field 2 carries the card number (masked in logs).
 */
public record TokenisationRequest(CardNumber card, YearMonth expiry, Stan stan, Instant transmittedAt,
        TerminalId terminalId) implements NetworkMessage {
    public static final String PROCESSING_CODE = "900000";

    public TokenisationRequest {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(terminalId, "terminalId");
    }

    @Override public String mti() { return "0600"; }
    @Override public String terminalKey() { return terminalId.value(); }
}
