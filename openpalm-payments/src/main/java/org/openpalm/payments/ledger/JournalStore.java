package org.openpalm.payments.ledger;

import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.PaymentId;

/**
 * Port to the journal storage: append-only. There is no update and no delete. A second transfer
 * with the same id, or a second resolution of the same pending transfer, is not written.
 */
public interface JournalStore {
    void ensureAccount(AccountId account);

    /**
     * Appends the transfer unless one with its id, or another resolution of its pending transfer,
     * is already in the journal; false (and nothing written) then.
     */
    boolean appendIfNew(Transfer transfer);

    Optional<Transfer> find(TransferId id);

    /** The POST_PENDING or VOID_PENDING transfer resolving {@code pending}, if any. */
    Optional<Transfer> resolutionOf(TransferId pending);

    List<Transfer> ofAccount(AccountId account);

    List<Transfer> ofPayment(PaymentId payment);

    /** The whole journal in append order (for the checker). */
    List<Transfer> allTransfers();

    List<AccountId> accounts();
}
