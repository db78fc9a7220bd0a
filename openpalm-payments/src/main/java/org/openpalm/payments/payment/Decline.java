package org.openpalm.payments.payment;

import java.util.Objects;

/** Why a payment was declined: a network response code (or a platform code) and shopper text. */
public record Decline(String code, String shopperReason) {
    /** Platform code: no enrolled palm matched. */
    public static final Decline NOT_RECOGNISED = new Decline("P1", "Palm not recognised");
    /** Platform code: the matched customer has no usable card. */
    public static final Decline NO_CARD = new Decline("P2", "No card on file");

    public Decline {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(shopperReason, "shopperReason");
    }
}
