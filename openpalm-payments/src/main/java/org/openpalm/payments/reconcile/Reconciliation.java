package org.openpalm.payments.reconcile;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ledger.LedgerPostings;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.ledger.TransferId;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.payments.payment.MovementKind;

/**
 * Matches a network's clearing records against the platform's books, both ways:
 * <ul>
 *   <li>every clearing record has one accepted movement with its reference, of the same kind and
 *       amount, and that movement its ledger transfer (or it is a compensation, below);
 *   <li>every ledger capture, void and refund transfer has its accepted movement, and that
 *       movement a clearing record;
 *   <li>a payment's compensations (movements the ledger never held: the capture of a sale that
 *       lost the race with a void, and the refund that gave it back) net to zero.
 * </ul>
 * With a day, only that UTC day's records and ledger transfers are compared (a movement settled
 * within a second of midnight may fall on the other day: reconcile both days then).
 */
public final class Reconciliation {
    private Reconciliation() {}

    /** What was compared and every difference found; {@link #ok()} when there is none. */
    public record Report(int records, int movements, int ledgerTransfers, List<Difference> differences) {
        public Report {
            differences = List.copyOf(differences);
        }

        public boolean ok() {
            return differences.isEmpty();
        }
    }

    public static Report reconcile(List<ClearingRecord> clearing, List<NetworkMovement> movements, List<Transfer> journal,
                                   Optional<LocalDate> day) {
        List<ClearingRecord> records = clearing.stream().filter(r -> day.map(d -> d.equals(r.date())).orElse(true)).toList();
        Map<NetworkReference, NetworkMovement> byReference = new HashMap<>();
        for (NetworkMovement m : movements) byReference.putIfAbsent(m.reference(), m);
        Map<TransferId, Transfer> transfers = new HashMap<>();
        for (Transfer t : journal) transfers.put(t.id(), t);
        Map<TransferId, NetworkMovement> byTransfer = new HashMap<>();
        for (NetworkMovement m : movements) m.transfer().ifPresent(t -> byTransfer.putIfAbsent(t, m));
        Set<NetworkReference> cleared = new HashSet<>();
        for (ClearingRecord r : clearing) cleared.add(r.reference());

        List<Difference> differences = new ArrayList<>();
        Set<NetworkReference> seen = new HashSet<>();
        for (ClearingRecord r : records) {
            if (!seen.add(r.reference())) {
                differences.add(new Difference.ClearedTwice(r));
                continue;
            }
            NetworkMovement m = byReference.get(r.reference());
            if (m == null) {
                differences.add(new Difference.NotInLedger(r));
            } else if (m.kind() != r.kind() || m.amount().minor() != r.amountMinor() || !m.amount().currency().code().equals(r.currencyCode())) {
                differences.add(new Difference.AmountDiffers(r, m));
            } else if (m.transfer().isPresent()) {
                Transfer t = transfers.get(m.transfer().get());
                if (t == null || t.amount() != m.amount().minor()) differences.add(new Difference.LedgerEntryMissing(m));
            }
        }
        int ledgerMovements = 0;
        for (Transfer t : journal) {
            if (!clearedAtTheNetwork(t)) continue;
            if (day.isPresent() && !day.get().equals(LocalDate.ofInstant(t.at(), ZoneOffset.UTC))) continue;
            ledgerMovements++;
            NetworkMovement m = byTransfer.get(t.id());
            if (m == null || !cleared.contains(m.reference())) differences.add(new Difference.NotCleared(t));
        }
        if (day.isEmpty()) {
            Map<PaymentId, Long> net = new HashMap<>();
            for (NetworkMovement m : movements) {
                if (m.transfer().isPresent()) continue;
                long signed = switch (m.kind()) {
                    case CAPTURE -> m.amount().minor();
                    case REFUND -> -m.amount().minor();
                    case REVERSAL -> 0; // releases a hold: no money moved
                };
                net.merge(m.payment(), signed, Long::sum);
            }
            net.forEach((payment, minor) -> {
                if (minor != 0) differences.add(new Difference.CompensationUnbalanced(payment, minor));
            });
        }
        return new Report(records.size(), movements.size(), ledgerMovements, differences);
    }

    /** The ledger transfers that a network message moves: captures, voids of a hold, refunds (not holds or fees). */
    static boolean clearedAtTheNetwork(Transfer t) {
        return t.id().equals(LedgerPostings.captureId(t.payment())) || t.id().equals(LedgerPostings.voidId(t.payment()))
                || t.id().value().startsWith(t.payment().value() + ":refund:");
    }

    /** The ledger transfer that an accepted movement settles. */
    public static TransferId transferOf(PaymentId payment, MovementKind kind, Optional<org.openpalm.payments.ids.RefundId> refund) {
        return switch (kind) {
            case CAPTURE -> LedgerPostings.captureId(payment);
            case REVERSAL -> LedgerPostings.voidId(payment);
            case REFUND -> LedgerPostings.refundId(payment, refund.orElseThrow());
        };
    }
}
