package org.openpalm.payments.ledger;

import java.util.List;

/** What the ledger checker found: counts, and every discrepancy in words. */
public record LedgerReport(int transfers, int payments, int accounts, List<String> problems) {
    public LedgerReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
