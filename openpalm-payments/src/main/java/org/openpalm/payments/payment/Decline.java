package org.openpalm.payments.payment;

import java.util.Objects;

/** Why a payment was declined: a network response code (or a platform code) and shopper text. */
public record Decline(String code, String shopperReason) {
    /** Platform code: no enrolled palm matched. */
    public static final Decline NOT_RECOGNISED = new Decline("P1", "Palm not recognised");
    /** Platform code: the matched customer has no usable card. */
    public static final Decline NO_CARD = new Decline("P2", "No card on file");

    /** Platform code: the basket holds age-restricted items and the payer's age is not attested. */
    public static Decline ageNotVerified(int minimumAge, String howToVerify) {
        return new Decline("P3", minimumAge + "+ items: age not verified. " + howToVerify);
    }

    /** Platform code: the basket holds age-restricted items and the payer's attestation does not show that age. */
    public static Decline underAge(int minimumAge) {
        return new Decline("P4", minimumAge + "+ items: the age check said no");
    }

    public Decline {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(shopperReason, "shopperReason");
    }
}
