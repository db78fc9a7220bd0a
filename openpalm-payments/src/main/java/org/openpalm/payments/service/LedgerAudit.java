package org.openpalm.payments.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ledger.LedgerChecker;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.loyalty.LoyaltyChecker;
import org.openpalm.payments.loyalty.LoyaltyStore;
import org.openpalm.payments.payment.Payment;

/**
 * Runs the ledger checker over the stored journal and payments, in one consistent read; with a
 * loyalty store, the points journal and the discounts too ({@link LoyaltyChecker}).
 */
public final class LedgerAudit {
    private final Storage storage;
    private final Optional<LoyaltyStore> loyalty;

    public LedgerAudit(Storage storage) {
        this(storage, Optional.empty());
    }

    public LedgerAudit(Storage storage, Optional<LoyaltyStore> loyalty) {
        this.storage = storage;
        this.loyalty = loyalty;
    }

    public LedgerReport check() {
        return storage.transactor().inTransaction(() -> {
            List<Payment> payments = storage.payments().allPayments();
            LedgerReport money = new LedgerChecker().check(storage.journal().allTransfers(), payments);
            if (loyalty.isEmpty()) return money;
            List<String> problems = new ArrayList<>(money.problems());
            problems.addAll(new LoyaltyChecker().check(loyalty.get().allEntries(), loyalty.get().allApplications(), payments));
            return new LedgerReport(money.transfers(), money.payments(), money.accounts(), problems);
        });
    }
}
