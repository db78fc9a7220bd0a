package org.openpalm.payments.ledger;

/** The kinds of ledger account. */
public enum AccountKind {
    /** Money owed to the platform by the card networks for captured payments (asset, debit-normal). */
    CARD_FUNDING,
    /** Money the platform owes a merchant (liability, credit-normal). */
    MERCHANT_PAYABLE,
    /** Fees the platform earned (revenue, credit-normal). */
    PLATFORM_FEE
}
