package org.openpalm.payments.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.payment.Payment;

/**
 * Verifies the journal on its own and against the payments:
 * <ol>
 *   <li>every transfer balances (one debit, one credit, same currency, amount not negative);
 *   <li>per currency, posted and pending debits equal credits over all accounts;
 *   <li>every resolution names an existing pending transfer, at most one per pending, posting no
 *       more than was pending, voiding exactly what was pending;
 *   <li>per payment, the journal matches its state: outstanding hold for AUTHORISED, the captured
 *       amount posted for CAPTURED, the refunds, nothing for payments never authorised; no
 *       transfer for an unknown payment.
 * </ol>
 */
public final class LedgerChecker {
    public LedgerReport check(List<Transfer> journal, List<Payment> payments) {
        List<String> problems = new ArrayList<>();
        Map<TransferId, Transfer> byId = new HashMap<>();
        Map<TransferId, Transfer> resolutions = new HashMap<>();
        Map<Currency, long[]> totals = new HashMap<>(); // debits, credits
        Set<AccountId> accounts = new HashSet<>();
        Map<PaymentId, List<Transfer>> byPayment = new HashMap<>();
        for (Transfer t : journal) {
            if (byId.putIfAbsent(t.id(), t) != null) problems.add("duplicate transfer id " + t.id());
            if (t.debit().equals(t.credit()) || !t.debit().currency().equals(t.credit().currency()) || t.amount() < 0) {
                problems.add("transfer " + t.id() + " does not balance");
            }
            accounts.add(t.debit());
            accounts.add(t.credit());
            long[] sum = totals.computeIfAbsent(t.debit().currency(), c -> new long[2]);
            sum[0] = Math.addExact(sum[0], t.amount());
            sum[1] = Math.addExact(sum[1], t.amount());
            byPayment.computeIfAbsent(t.payment(), p -> new ArrayList<>()).add(t);
            t.pendingId().ifPresent(pid -> {
                Transfer pending = byId.get(pid);
                if (pending == null || pending.kind() != TransferKind.PENDING) {
                    problems.add("transfer " + t.id() + " resolves unknown pending " + pid);
                    return;
                }
                if (resolutions.putIfAbsent(pid, t) != null) problems.add("pending " + pid + " resolved twice");
                if (t.kind() == TransferKind.POST_PENDING && t.amount() > pending.amount()) {
                    problems.add("transfer " + t.id() + " posts more than pending " + pid);
                }
                if (t.kind() == TransferKind.VOID_PENDING && t.amount() != pending.amount()) {
                    problems.add("transfer " + t.id() + " voids a different amount than pending " + pid);
                }
            });
        }
        Map<TransferId, Long> pendingAmounts = Ledger.pendingAmounts(journal);
        Map<Currency, long[]> derived = new HashMap<>();
        for (AccountId account : accounts) {
            Balance b = Ledger.balanceOf(account, journal, pendingAmounts);
            long[] d = derived.computeIfAbsent(account.currency(), c -> new long[2]);
            d[0] += b.debitsPosted() - b.creditsPosted();
            d[1] += b.debitsPending() - b.creditsPending();
        }
        derived.forEach((currency, d) -> {
            if (d[0] != 0) problems.add(currency + ": posted debits and credits differ by " + d[0]);
            if (d[1] != 0) problems.add(currency + ": pending debits and credits differ by " + d[1]);
        });
        Set<PaymentId> known = new HashSet<>();
        for (Payment p : payments) {
            known.add(p.id());
            checkPayment(p, byPayment.getOrDefault(p.id(), List.of()), resolutions, problems);
        }
        for (PaymentId id : byPayment.keySet()) {
            if (!known.contains(id)) problems.add("transfers for unknown payment " + id);
        }
        return new LedgerReport(journal.size(), payments.size(), accounts.size(), problems);
    }

    private static void checkPayment(Payment p, List<Transfer> transfers, Map<TransferId, Transfer> resolutions, List<String> problems) {
        TransferId authId = LedgerPostings.authId(p);
        Transfer auth = transfers.stream().filter(t -> t.id().equals(authId)).findFirst().orElse(null);
        Transfer resolution = resolutions.get(authId);
        long refundedInJournal = transfers.stream().filter(t -> t.id().value().contains(":refund:")).mapToLong(Transfer::amount).sum();
        String where = "payment " + p.id() + " (" + p.status() + "): ";
        switch (p.status()) {
            case CREATED, AWAITING_PALM, HINT_NEEDED, DECLINED -> {
                if (!transfers.isEmpty()) problems.add(where + "has journal entries but was never authorised");
            }
            case AUTHORISED -> {
                if (auth == null || auth.amount() != p.amount().minor()) problems.add(where + "no hold of " + p.amount());
                if (resolution != null) problems.add(where + "hold already resolved");
            }
            case VOIDED -> {
                if (auth != null && (resolution == null || resolution.kind() != TransferKind.VOID_PENDING)) {
                    problems.add(where + "hold not voided");
                }
            }
            case CAPTURED -> {
                if (auth == null || resolution == null || resolution.kind() != TransferKind.POST_PENDING
                        || resolution.amount() != p.captured().minor()) {
                    problems.add(where + "captured " + p.captured() + " not posted");
                }
            }
        }
        if (refundedInJournal != p.refunded().minor()) {
            problems.add(where + "refunds of " + p.refunded() + " but " + refundedInJournal + " in the journal");
        }
    }
}
