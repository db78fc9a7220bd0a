package org.openpalm.payments.loyalty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;

/**
 * Verifies the loyalty side of the books, with {@code ledger check}:
 * <ol>
 *   <li>every points entry balances (distinct accounts, positive points), ids are unique, and the
 *       points journal sums to zero over all accounts;
 *   <li>per member payment, the application agrees with the payment: original - discount = the
 *       amount authorised; a free payment was cancelled without a hold; the points redeemed were
 *       posted once, and given back if the hold was voided;
 *   <li>points earned equal the captured amount at the recorded rate, and the points reversed
 *       bring them down to what the amount captured less refunds earns; none for a payment not captured.
 * </ol>
 */
public final class LoyaltyChecker {
    public List<String> check(List<PointsEntry> entries, List<LoyaltyApplication> applications, List<Payment> payments) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, Long> accounts = new HashMap<>();
        Map<PaymentId, List<PointsEntry>> byPayment = new HashMap<>();
        for (PointsEntry e : entries) {
            if (!ids.add(e.id())) problems.add("points entry " + e.id() + " appears twice");
            if (e.points() <= 0 || e.debit().equals(e.credit())) problems.add("points entry " + e.id() + " does not balance");
            accounts.merge(e.debit(), -e.points(), Long::sum);
            accounts.merge(e.credit(), e.points(), Long::sum);
            byPayment.computeIfAbsent(e.payment(), p -> new ArrayList<>()).add(e);
        }
        long total = accounts.values().stream().mapToLong(Long::longValue).sum();
        if (total != 0) problems.add("points journal: debits and credits differ by " + total);
        Map<PaymentId, Payment> paymentsById = new HashMap<>();
        for (Payment p : payments) paymentsById.put(p.id(), p);
        Map<PaymentId, LoyaltyApplication> appsById = new HashMap<>();
        for (LoyaltyApplication a : applications) {
            appsById.put(a.payment(), a);
            Payment p = paymentsById.get(a.payment());
            String where = "loyalty on payment " + a.payment() + ": ";
            if (p == null) {
                problems.add(where + "no such payment");
                continue;
            }
            if (a.free()) {
                if (p.status() != PaymentStatus.VOIDED || p.authorisation().isPresent()) problems.add(where + "free, but the card payment was not cancelled");
            } else if (p.authorisation().isPresent() && !p.amount().equals(a.charged())) {
                problems.add(where + "original " + a.original() + " less discount " + a.discount() + " is not the authorised " + p.amount());
            }
            List<PointsEntry> es = byPayment.getOrDefault(a.payment(), List.of());
            long redeemed = sum(es, PointsEntry.Kind.REDEEMED);
            long given = sum(es, PointsEntry.Kind.REDEMPTION_REVERSED);
            if (redeemed != a.pointsRedeemed()) problems.add(where + a.pointsRedeemed() + " points redeemed but " + redeemed + " in the journal");
            boolean heldThenVoided = p.status() == PaymentStatus.VOIDED && p.authorisation().isPresent();
            if (given != (heldThenVoided ? redeemed : 0)) problems.add(where + "points redeemed given back " + given + " times the right amount");
        }
        byPayment.forEach((id, es) -> {
            Payment p = paymentsById.get(id);
            String where = "points of payment " + id + ": ";
            if (p == null) {
                problems.add(where + "no such payment");
                return;
            }
            if (!appsById.containsKey(id)) problems.add(where + "points for a payment the programme did not price");
            List<PointsEntry> earned = es.stream().filter(e -> e.kind() == PointsEntry.Kind.EARNED).toList();
            long reversed = sum(es, PointsEntry.Kind.EARNING_REVERSED);
            if (earned.size() > 1) problems.add(where + "earned twice");
            if (earned.isEmpty()) {
                if (reversed != 0) problems.add(where + "reverses points never earned");
                return;
            }
            PointsEntry e = earned.getFirst();
            if (p.status() != PaymentStatus.CAPTURED) problems.add(where + "earned on a payment not captured");
            if (e.points() != LoyaltyProgramme.pointsFor(p.captured(), e.pointsPerUnit())) problems.add(where + "earned " + e.points() + " for " + p.captured());
            long keep = LoyaltyProgramme.pointsFor(p.captured().minus(p.refunded()), e.pointsPerUnit());
            if (e.points() - reversed != keep) problems.add(where + (e.points() - reversed) + " kept after refunds, " + keep + " expected");
        });
        return problems;
    }

    private static long sum(List<PointsEntry> es, PointsEntry.Kind kind) {
        return es.stream().filter(e -> e.kind() == kind).mapToLong(PointsEntry::points).sum();
    }
}
