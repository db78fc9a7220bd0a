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
 * @param securityCode               the CVV2 printed on the card, checked by account verifications
 */
public record AccountConfig(CardNumber card, YearMonth expiry, Money balance, long perTransactionLimitMinor,
        CardStatus status, org.openpalm.iso8583.SecurityCode securityCode) {
    public AccountConfig {
        Objects.requireNonNull(securityCode, "securityCode");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
        if (perTransactionLimitMinor < 0) {
            throw new IllegalArgumentException("perTransactionLimitMinor must not be negative");
        }
    }

    /**
     * A test card whose CVV2 is the last three digits of its number (the convention of the
     * built-in test cards and the demo bank, so a tester can work it out).
     */
    public AccountConfig(CardNumber card, YearMonth expiry, Money balance, long perTransactionLimitMinor, CardStatus status) {
        this(card, expiry, balance, perTransactionLimitMinor, status, testSecurityCodeOf(card));
    }

    /** The last three digits of the card number: the CVV2 of a test card. */
    public static org.openpalm.iso8583.SecurityCode testSecurityCodeOf(CardNumber card) {
        return new org.openpalm.iso8583.SecurityCode(card.digits().substring(card.digits().length() - 3));
    }
}
