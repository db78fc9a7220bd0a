package org.openpalm.payments.service;

import org.openpalm.payments.ledger.LedgerChecker;
import org.openpalm.payments.ledger.LedgerReport;

/** Runs the ledger checker over the stored journal and payments, in one consistent read. */
public final class LedgerAudit {
    private final Storage storage;

    public LedgerAudit(Storage storage) {
        this.storage = storage;
    }

    public LedgerReport check() {
        return storage.transactor().inTransaction(
                () -> new LedgerChecker().check(storage.journal().allTransfers(), storage.payments().allPayments()));
    }
}
