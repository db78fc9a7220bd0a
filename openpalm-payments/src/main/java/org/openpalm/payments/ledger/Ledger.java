package org.openpalm.payments.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Double-entry journal rules over a {@link JournalStore}. Call inside the transaction that also
 * changes the payment, so the two always agree.
 */
public final class Ledger {
    private final JournalStore journal;

    public Ledger(JournalStore journal) {
        this.journal = journal;
    }

    /**
     * Posts a transfer once. The journal's unique ids and unique pending resolutions decide
     * whether it is new (one INSERT that writes nothing on a conflict); only when it is not, is the
     * journal read to say why: a repeat, an id conflict, or a pending transfer already resolved.
     */
    public PostResult post(Transfer transfer) {
        return post(transfer, List.of());
    }

    /**
     * Posts transfers in order, as {@link #post(Transfer)}; a posting that resolves a pending
     * transfer posted earlier in the same list (an automatically captured sale) checks it without
     * reading it back from the journal.
     */
    public List<PostResult> postAll(List<Transfer> transfers) {
        List<PostResult> results = new java.util.ArrayList<>(transfers.size());
        List<Transfer> posted = new java.util.ArrayList<>();
        for (Transfer t : transfers) {
            PostResult r = post(t, posted);
            if (r instanceof PostResult.Posted) posted.add(t);
            results.add(r);
        }
        return results;
    }

    private PostResult post(Transfer transfer, List<Transfer> postedJustBefore) {
        switch (transfer.kind()) {
            case POSTED -> {
                if (transfer.amount() == 0) return new PostResult.Refused("amount must be positive");
            }
            case PENDING -> {
                if (transfer.amount() == 0) return new PostResult.Refused("amount must be positive");
            }
            case POST_PENDING, VOID_PENDING -> {
                TransferId pendingId = transfer.pendingId().orElseThrow();
                Optional<Transfer> pending = postedJustBefore.stream().filter(t -> t.id().equals(pendingId)).findFirst()
                        .or(() -> journal.find(pendingId));
                if (pending.isEmpty() || pending.get().kind() != TransferKind.PENDING) {
                    return new PostResult.Refused("no pending transfer " + pendingId);
                }
                Transfer p = pending.get();
                if (!p.debit().equals(transfer.debit()) || !p.credit().equals(transfer.credit())) {
                    return new PostResult.Refused("accounts differ from the pending transfer");
                }
                if (transfer.kind() == TransferKind.POST_PENDING && (transfer.amount() == 0 || transfer.amount() > p.amount())) {
                    return new PostResult.Refused("posted amount must be 1.." + p.amount());
                }
                if (transfer.kind() == TransferKind.VOID_PENDING && transfer.amount() != p.amount()) {
                    return new PostResult.Refused("a void carries the pending amount " + p.amount());
                }
            }
        }
        journal.ensureAccount(transfer.debit());
        journal.ensureAccount(transfer.credit());
        if (journal.appendIfNew(transfer)) return new PostResult.Posted(transfer);
        Optional<Transfer> existing = journal.find(transfer.id());
        if (existing.isPresent()) {
            return existing.get().sameAs(transfer)
                    ? new PostResult.AlreadyPosted(existing.get())
                    : new PostResult.IdConflict(existing.get());
        }
        return new PostResult.Refused("pending transfer " + transfer.pendingId().map(TransferId::value).orElse("?") + " already resolved");
    }

    /** Opens these accounts if they do not exist yet (idempotent). */
    public void open(List<AccountId> accounts) {
        for (AccountId account : accounts) journal.ensureAccount(account);
    }

    public Balance balance(AccountId account) {
        return balanceOf(account, journal.ofAccount(account), pendingAmounts(journal.ofAccount(account)));
    }

    /** Derives the balance of {@code account} from transfers touching it. */
    static Balance balanceOf(AccountId account, List<Transfer> transfers, Map<TransferId, Long> pendingAmounts) {
        long dp = 0, cp = 0, dpend = 0, cpend = 0;
        for (Transfer t : transfers) {
            long posted = 0, pendingDelta = 0;
            switch (t.kind()) {
                case POSTED -> posted = t.amount();
                case PENDING -> pendingDelta = t.amount();
                case POST_PENDING -> {
                    posted = t.amount();
                    pendingDelta = -pendingAmounts.getOrDefault(t.pendingId().orElseThrow(), 0L);
                }
                case VOID_PENDING -> pendingDelta = -pendingAmounts.getOrDefault(t.pendingId().orElseThrow(), 0L);
            }
            if (t.debit().equals(account)) {
                dp += posted;
                dpend += pendingDelta;
            }
            if (t.credit().equals(account)) {
                cp += posted;
                cpend += pendingDelta;
            }
        }
        return new Balance(account, dp, cp, dpend, cpend);
    }

    static Map<TransferId, Long> pendingAmounts(List<Transfer> transfers) {
        Map<TransferId, Long> amounts = new HashMap<>();
        for (Transfer t : transfers) if (t.kind() == TransferKind.PENDING) amounts.put(t.id(), t.amount());
        return amounts;
    }
}
