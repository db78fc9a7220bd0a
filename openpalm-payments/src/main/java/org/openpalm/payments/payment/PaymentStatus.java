package org.openpalm.payments.payment;

/** Where a payment is in its life. */
public enum PaymentStatus {
    /** Created by the merchant for a terminal; no palm presented yet. */
    CREATED,
    /** The terminal is capturing a palm for it. */
    AWAITING_PALM,
    /** Several enrolled palms matched: the shopper must type the hint (last four phone digits). */
    HINT_NEEDED,
    /** The issuer approved; funds held. */
    AUTHORISED,
    /** The issuer declined, or the palm was not recognised. Final. */
    DECLINED,
    /** Funds taken (all or part of the authorisation). Refunds may follow. */
    CAPTURED,
    /** Cancelled before capture; any hold released. Final. */
    VOIDED;

    public boolean isFinal() {
        return switch (this) {
            case DECLINED, VOIDED -> true;
            case CREATED, AWAITING_PALM, HINT_NEEDED, AUTHORISED, CAPTURED -> false;
        };
    }
}
