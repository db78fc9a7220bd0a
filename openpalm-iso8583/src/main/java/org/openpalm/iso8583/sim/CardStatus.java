package org.openpalm.iso8583.sim;

/** The issuer's view of a card; each non-active status maps to one decline code. */
public enum CardStatus {
    /** Usable; subject to expiry, limit and balance. */
    ACTIVE,
    /** Blocked by the issuer: 05 do not honour. */
    BLOCKED,
    /** Closed or unknown to the issuer's host: 14 invalid card. */
    INVALID,
    /** The issuer's host fails on this card: 96 system malfunction. */
    MALFUNCTION
}
