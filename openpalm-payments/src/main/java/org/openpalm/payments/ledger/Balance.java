package org.openpalm.payments.ledger;

/** Sums over an account's transfers, in minor units; never stored, always derived. */
public record Balance(AccountId account, long debitsPosted, long creditsPosted, long debitsPending, long creditsPending) {
    /** Posted debits minus posted credits. */
    public long netDebitPosted() {
        return debitsPosted - creditsPosted;
    }
}
