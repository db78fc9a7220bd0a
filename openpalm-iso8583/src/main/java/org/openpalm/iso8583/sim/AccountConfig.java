package org.openpalm.iso8583.sim;

import java.time.YearMonth;
import java.util.Objects;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.Money;

/**
 * One card account at a simulated issuer.
 *
 * @param card                       the card number (tokenised by the network's token service)
 * @param expiry                     last valid month
 * @param balance                    opening available balance
 * @param perTransactionLimitMinor   authorisations above this many minor units get 05
 * @param status                     card status
 */
public record AccountConfig(CardNumber card, YearMonth expiry, Money balance, long perTransactionLimitMinor,
        CardStatus status) {
    public AccountConfig {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
        if (perTransactionLimitMinor < 0) {
            throw new IllegalArgumentException("perTransactionLimitMinor must not be negative");
        }
    }
}
