package org.openpalm.payments.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.payments.payment.MovementKind;

/**
 * One line of a network's daily clearing file: a capture, refund or reversal that moved money (or
 * released a hold) at the issuer, as the network cleared it for one acquirer.
 *
 * @param rrn          field 37: the authorisation's retrieval reference for captures and
 *                     reversals, the refund's own for refunds
 * @param currencyCode ISO 4217 alphabetic code
 */
public record ClearingRecord(LocalDate date, String acquirer, MovementKind kind, NetworkReference reference, String rrn,
                             long amountMinor, String currencyCode, Instant clearedAt) {
    public ClearingRecord {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(acquirer, "acquirer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(rrn, "rrn");
        Objects.requireNonNull(currencyCode, "currencyCode");
        Objects.requireNonNull(clearedAt, "clearedAt");
        if (amountMinor < 0) throw new IllegalArgumentException("amount must not be negative");
        if (acquirer.contains(",") || rrn.contains(",")) throw new IllegalArgumentException("no commas in clearing fields");
    }
}
