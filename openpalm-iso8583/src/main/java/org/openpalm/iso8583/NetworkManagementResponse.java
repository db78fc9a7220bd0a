package org.openpalm.iso8583;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** 0810: response to a sign-on, sign-off or echo (fields 7, 11, 39, 70). */
public record NetworkManagementResponse(Stan stan, Instant transmittedAt, NetworkManagementCode code,
        ResponseCode responseCode) implements NetworkMessage {
    public NetworkManagementResponse {
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(responseCode, "responseCode");
    }

    @Override public String mti() { return "0810"; }
    @Override public String terminalKey() { return MatchKey.NO_TERMINAL; }
}
