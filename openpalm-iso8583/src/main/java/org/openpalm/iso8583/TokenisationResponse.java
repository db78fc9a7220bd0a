package org.openpalm.iso8583;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * 0610: the token service's answer. When approved it carries the network token (field 2) and the
 * payment account reference (field 48); otherwise only the response code (14: unknown card).
 */
public record TokenisationResponse(Stan stan, Instant transmittedAt, TerminalId terminalId,
        ResponseCode responseCode, Optional<NetworkToken> token, Optional<PaymentAccountReference> par)
        implements NetworkMessage {
    public TokenisationResponse {
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(responseCode, "responseCode");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(par, "par");
        if (responseCode.approved() != (token.isPresent() && par.isPresent())) {
            throw new IllegalArgumentException("an approved tokenisation carries token and PAR, a declined one neither");
        }
    }

    @Override public String mti() { return "0610"; }
    @Override public String terminalKey() { return terminalId.value(); }
}
