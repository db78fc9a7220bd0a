package org.openpalm.payments.card;

/**
 * Port to the card's issuer: a zero-amount account verification with the card security code
 * (over ISO 8583, an 0100 with amount 0, POS condition code 51 and the CVV2 in field 48). Nothing
 * is held or charged. Enrolment asks it before the enrolment exists.
 */
public interface CardVerifier {
    AccountVerification verifyAccount(CardNumber number, Expiry expiry, CardSecurityCode securityCode);

    /** The issuer's answer. Closed: switch without {@code default}. */
    sealed interface AccountVerification {
        /** The account exists, is open and the security code matches. */
        record Verified() implements AccountVerification {}

        /** The security code does not match the card. */
        record SecurityCodeMismatch() implements AccountVerification {}

        /** The issuer refused the card for another reason (unknown, closed, blocked, expired). */
        record Refused(String reason) implements AccountVerification {}

        /** No answer: nothing can be concluded, retry later. */
        record Unavailable(String reason) implements AccountVerification {}
    }
}
