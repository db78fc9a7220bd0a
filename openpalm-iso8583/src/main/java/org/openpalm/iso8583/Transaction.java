package org.openpalm.iso8583;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The data elements common to financial requests and advices: 2 token, 3 processing code, 4 amount,
 * 49 currency, 14 expiry, 7 transmission time, 11 STAN, 12/13 local time, 22/25 point of service,
 * 32/41/42 acceptor, 37 retrieval reference. Times are kept to the second (what the wire carries).
 */
public record Transaction(
        TransactionType type,
        NetworkToken token,
        YearMonth expiry,
        Money amount,
        Stan stan,
        Instant transmittedAt,
        LocalDateTime localDateTime,
        RetrievalReference rrn,
        PointOfService pointOfService,
        Acceptor acceptor) {

    public Transaction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        localDateTime = localDateTime.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(rrn, "rrn");
        Objects.requireNonNull(pointOfService, "pointOfService");
        Objects.requireNonNull(acceptor, "acceptor");
    }

    /**
     * The network's identity of this message: terminal (41), STAN (11) and transmission time (7),
     * the key a repeat is recognised by and the reference of the network's clearing file.
     */
    public String networkKey() {
        return acceptor.terminalId().value() + "|" + stan.digits() + "|" + transmittedAt.getEpochSecond();
    }

    /** The same transaction under a new STAN and transmission time (for a reversal or advice). */
    public Transaction retrace(Stan newStan, Instant newTransmittedAt) {
        return new Transaction(type, token, expiry, amount, newStan, newTransmittedAt, localDateTime, rrn,
                pointOfService, acceptor);
    }
}
