package org.openpalm.iso8583;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** 0800: sign-on, sign-off or echo (fields 7, 11, 70). */
public record NetworkManagementRequest(Stan stan, Instant transmittedAt, NetworkManagementCode code) implements NetworkMessage {
    public NetworkManagementRequest {
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(code, "code");
    }

    @Override public String mti() { return "0800"; }
    @Override public String terminalKey() { return MatchKey.NO_TERMINAL; }

    public NetworkManagementResponse respond(ResponseCode responseCode) {
        return new NetworkManagementResponse(stan, transmittedAt, code, responseCode);
    }
}
