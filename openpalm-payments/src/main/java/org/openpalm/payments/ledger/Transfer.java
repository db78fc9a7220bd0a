package org.openpalm.payments.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.PaymentId;

/**
 * One journal entry: {@code amount} minor units from {@code debit} to {@code credit}, both in the
 * same currency. Every transfer balances by construction (one debit, one credit, one amount);
 * the journal is append-only and balances are derived from it.
 */
public record Transfer(TransferId id, AccountId debit, AccountId credit, long amount, TransferKind kind,
                       Optional<TransferId> pendingId, PaymentId payment, Instant at) {
    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(debit, "debit");
        Objects.requireNonNull(credit, "credit");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pendingId, "pendingId");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(at, "at");
        if (amount < 0) throw new IllegalArgumentException("amount must not be negative");
        if (debit.equals(credit)) throw new IllegalArgumentException("debit and credit accounts must differ");
        if (!debit.currency().equals(credit.currency())) throw new IllegalArgumentException("accounts of different currencies");
        boolean resolves = switch (kind) {
            case POST_PENDING, VOID_PENDING -> true;
            case POSTED, PENDING -> false;
        };
        if (resolves != pendingId.isPresent()) throw new IllegalArgumentException(kind + (resolves ? " needs" : " takes no") + " pending id");
    }

    /** Same content, ignoring the time it was made (for idempotent re-posting). */
    public boolean sameAs(Transfer other) {
        return id.equals(other.id) && debit.equals(other.debit) && credit.equals(other.credit) && amount == other.amount
                && kind == other.kind && pendingId.equals(other.pendingId) && payment.equals(other.payment);
    }
}
