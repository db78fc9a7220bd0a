package org.openpalm.payments.payment;

/**
 * When an authorised payment's funds are taken. A counter sale (coffee, fast food) is taken at
 * once; a till that may change the amount after authorisation (tips, partial orders) captures
 * it itself later (Stripe's {@code capture_method}, the same two choices).
 */
public enum CaptureMethod {
    /** The merchant captures (fully or partly) or voids the authorisation later. */
    MANUAL,
    /** The full amount is captured right after the issuer approves, as one sale. */
    AUTOMATIC
}
