package org.openpalm.iso8583;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * 0100 account verification: asks the issuer whether a card exists, is open and its security code
 * matches, without holding any funds. As in the card schemes' account status inquiries: amount 0
 * (field 4), processing code 000000 (field 3), POS condition code 51 "account verification"
 * (field 25, what tells it from an authorisation), entry mode 010 (keyed, field 22), the card
 * number in field 2 and the CVV2 in field 48 subelement 92.
 */
public record AccountVerificationRequest(CardNumber card, YearMonth expiry, SecurityCode securityCode, Stan stan, Instant transmittedAt,
        Acceptor acceptor, java.util.Currency currency) implements NetworkMessage {
    public static final String PROCESSING_CODE = "000000";
    public static final String CONDITION_CODE = "51";
    public static final String ENTRY_MODE = "010";

    public AccountVerificationRequest {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(securityCode, "securityCode");
        Objects.requireNonNull(stan, "stan");
        transmittedAt = transmittedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(acceptor, "acceptor");
        Objects.requireNonNull(currency, "currency");
    }

    @Override public String mti() { return "0100"; }
    @Override public String terminalKey() { return acceptor.terminalId().value(); }

    /** The issuer's answer to this request. */
    public AccountVerificationResponse respond(ResponseCode code) {
        return new AccountVerificationResponse(stan, transmittedAt, acceptor, currency, code);
    }
}
