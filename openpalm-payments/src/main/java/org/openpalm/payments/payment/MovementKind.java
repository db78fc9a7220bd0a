package org.openpalm.payments.payment;

/** A money movement at the card network after authorisation: what a claim reserves. */
public enum MovementKind {
    /** 0220 completion: the held funds are taken. */
    CAPTURE,
    /** 0400 reversal: the hold is released. */
    REVERSAL,
    /** 0200 with processing code 20: money goes back to the card. */
    REFUND
}
