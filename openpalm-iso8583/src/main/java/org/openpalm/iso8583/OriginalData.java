package org.openpalm.iso8583;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Field 90, original data elements (42 digits): original MTI (4), original STAN (6), original
 * transmission date-time MMDDhhmmss (10), acquirer id (11, zero-padded), forwarding institution (11 zeros).
 */
public record OriginalData(String mti, Stan stan, Instant transmittedAt, String acquirerId) {
    public OriginalData {
        if (mti == null || !mti.matches("[0-9]{4}")) {
            throw new IllegalArgumentException("original MTI must be 4 digits");
        }
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        if (acquirerId == null || !acquirerId.matches("[0-9]{1,11}")) {
            throw new IllegalArgumentException("acquirer id must be 1 to 11 digits");
        }
    }

    public static OriginalData of(String mti, Transaction tx) {
        return new OriginalData(mti, tx.stan(), tx.transmittedAt(), tx.acceptor().acquirerId());
    }
}
