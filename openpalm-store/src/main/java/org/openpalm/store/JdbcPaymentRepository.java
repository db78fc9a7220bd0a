package org.openpalm.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;
import org.openpalm.payments.payment.CaptureMethod;
import org.openpalm.payments.payment.Decline;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentRepository;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.payment.Refund;
import org.openpalm.payments.payment.MovementKind;
import org.openpalm.payments.payment.PendingMovement;
import org.openpalm.payments.ledger.TransferId;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.payments.reconcile.NetworkMovement;

final class JdbcPaymentRepository implements PaymentRepository {
    private static final String SELECT = "SELECT id, merchant_id, terminal_id, amount_minor, currency, status, customer_id, card_id, "
            + "auth_code, rrn, decline_code, decline_reason, captured_minor, version, created_at, updated_at, capture_method, "
            + "pending_kind, pending_amount_minor, pending_refund_id, pending_claimed_at FROM payments ";
    private final JdbcTransactor tx;

    JdbcPaymentRepository(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Payment p) {
        if (p.pending().isPresent()) throw new IllegalArgumentException("a new payment has no claimed movement");
        tx.exec(c -> {
            try (var ps = c.prepareStatement("INSERT INTO payments (id, merchant_id, terminal_id, amount_minor, currency, status, customer_id, "
                    + "card_id, auth_code, rrn, decline_code, decline_reason, captured_minor, version, created_at, updated_at, capture_method) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Sql.bind(ps, p.id().value(), p.merchant().value(), p.terminal().value(), p.amount().minor(), p.amount().currency().code(),
                        p.status().name(), p.customer().map(CustomerId::value), p.card().map(CardId::value),
                        p.authorisation().map(Authorisation::authCode), p.authorisation().map(Authorisation::rrn),
                        p.decline().map(Decline::code), p.decline().map(Decline::shopperReason), p.captured().minor(), p.version(),
                        p.createdAt(), p.updatedAt(), p.captureMethod().name());
                ps.executeUpdate();
            }
            insertNewRefunds(c, p);
        });
    }

    @Override
    public boolean update(Payment p, long expectedVersion) {
        return tx.run(c -> {
            int updated;
            // amount_minor too: a loyalty discount lowers it at authorisation (Payment.authoriseDiscounted)
            try (var ps = c.prepareStatement("UPDATE payments SET amount_minor = ?, status = ?, customer_id = ?, card_id = ?, auth_code = ?, rrn = ?, "
                    + "decline_code = ?, decline_reason = ?, captured_minor = ?, version = ?, updated_at = ?, pending_kind = ?, pending_amount_minor = ?, "
                    + "pending_refund_id = ?, pending_claimed_at = ? WHERE id = ? AND version = ?")) {
                Sql.bind(ps, p.amount().minor(), p.status().name(), p.customer().map(CustomerId::value), p.card().map(CardId::value),
                        p.authorisation().map(Authorisation::authCode), p.authorisation().map(Authorisation::rrn),
                        p.decline().map(Decline::code), p.decline().map(Decline::shopperReason), p.captured().minor(), p.version(),
                        p.updatedAt(), p.pending().map(m -> m.kind().name()), p.pending().map(m -> m.amount().minor()),
                        p.pending().flatMap(PendingMovement::refund).map(RefundId::value), p.pending().map(PendingMovement::claimedAt),
                        p.id().value(), expectedVersion);
                updated = ps.executeUpdate();
            }
            if (updated == 0) return false;
            insertNewRefunds(c, p);
            return true;
        });
    }

    private static void insertNewRefunds(Connection c, Payment p) throws SQLException {
        if (p.refunds().isEmpty()) return;
        Set<String> stored = new HashSet<>();
        try (var ps = c.prepareStatement("SELECT id FROM refunds WHERE payment_id = ?")) {
            Sql.bind(ps, p.id().value());
            stored.addAll(Sql.list(ps, rs -> rs.getString(1)));
        }
        try (var ps = c.prepareStatement("INSERT INTO refunds (id, payment_id, amount_minor, refunded_at) VALUES (?, ?, ?, ?)")) {
            for (Refund r : p.refunds()) {
                if (stored.contains(r.id().value())) continue;
                Sql.bind(ps, r.id().value(), p.id().value(), r.amount().minor(), r.at());
                ps.executeUpdate();
            }
        }
    }

    /** A refunds row; its currency is its payment's. */
    private record RefundRow(String id, String payment, long amountMinor, java.time.Instant at) {}

    private List<Payment> load(String where, Object... params) {
        return tx.run(c -> {
            List<ResultSetRow> base;
            try (var ps = c.prepareStatement(SELECT + where)) {
                Sql.bind(ps, params);
                base = Sql.list(ps, ResultSetRow::of);
            }
            if (base.isEmpty()) return List.of();
            Map<String, List<RefundRow>> refunds = new HashMap<>();
            // Only a captured payment can have refunds (Payment.refund): the other states, most of
            // the reads on the payment path, need no refunds query.
            if (base.stream().noneMatch(r -> r.status().equals(PaymentStatus.CAPTURED.name()))) {
                return base.stream().map(r -> r.toPayment(List.of())).toList();
            }
            String refundSql = "SELECT id, payment_id, amount_minor, refunded_at FROM refunds "
                    + (base.size() == 1 ? "WHERE payment_id = ? " : "") + "ORDER BY refunded_at, id";
            try (var ps = c.prepareStatement(refundSql)) {
                if (base.size() == 1) Sql.bind(ps, base.getFirst().id());
                for (RefundRow r : Sql.list(ps, rs -> new RefundRow(rs.getString("id"), rs.getString("payment_id"), rs.getLong("amount_minor"),
                        Sql.instant(rs, "refunded_at")))) {
                    refunds.computeIfAbsent(r.payment(), k -> new ArrayList<>()).add(r);
                }
            }
            List<Payment> out = new ArrayList<>();
            for (ResultSetRow r : base) out.add(r.toPayment(refunds.getOrDefault(r.id(), List.of())));
            return out;
        });
    }

    /** One payments row, before its refunds are attached. */
    private record ResultSetRow(String id, String merchant, String terminal, long amount, String currency, String status,
                                Optional<String> customer, Optional<String> card, Optional<String> authCode, Optional<String> rrn,
                                Optional<String> declineCode, Optional<String> declineReason, long captured, long version,
                                java.time.Instant createdAt, java.time.Instant updatedAt, String captureMethod,
                                Optional<String> pendingKind, long pendingAmount, Optional<String> pendingRefund,
                                Optional<java.time.Instant> pendingClaimedAt) {
        static ResultSetRow of(ResultSet rs) throws SQLException {
            return new ResultSetRow(rs.getString("id"), rs.getString("merchant_id"), rs.getString("terminal_id"), rs.getLong("amount_minor"),
                    rs.getString("currency"), rs.getString("status"), Sql.optionalString(rs, "customer_id"), Sql.optionalString(rs, "card_id"),
                    Sql.optionalString(rs, "auth_code"), Sql.optionalString(rs, "rrn"), Sql.optionalString(rs, "decline_code"),
                    Sql.optionalString(rs, "decline_reason"), rs.getLong("captured_minor"), rs.getLong("version"),
                    Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), rs.getString("capture_method"),
                    Sql.optionalString(rs, "pending_kind"), rs.getLong("pending_amount_minor"), Sql.optionalString(rs, "pending_refund_id"),
                    Sql.optionalInstant(rs, "pending_claimed_at"));
        }

        Payment toPayment(List<RefundRow> refunds) {
            Currency cur = Currency.require(currency);
            Money amountMoney = new Money(amount, cur);
            Optional<Authorisation> auth = authCode.flatMap(a -> rrn.map(r -> new Authorisation(a, r, amountMoney)));
            Optional<Decline> decline = declineCode.map(d -> new Decline(d, declineReason.orElse("")));
            List<Refund> converted = refunds.stream().map(r -> new Refund(new RefundId(r.id()), new Money(r.amountMinor(), cur), r.at())).toList();
            return new Payment(new PaymentId(id), new MerchantId(merchant), new TerminalId(terminal), amountMoney, PaymentStatus.valueOf(status),
                    customer.map(CustomerId::new), card.map(CardId::new), auth, decline, new Money(captured, cur), converted, version,
                    createdAt, updatedAt, CaptureMethod.valueOf(captureMethod),
                    pendingKind.map(k -> new PendingMovement(MovementKind.valueOf(k), new Money(pendingAmount, cur), pendingRefund.map(RefundId::new),
                            pendingClaimedAt.orElseThrow())));
        }
    }

    @Override
    public Optional<Payment> find(PaymentId id) {
        return load("WHERE id = ?", id.value()).stream().findFirst();
    }

    @Override
    public List<Payment> allPayments() {
        return load("ORDER BY created_at, id");
    }

    @Override
    public List<Payment> withClaimsBefore(java.time.Instant before) {
        return load("WHERE pending_claimed_at < ? ORDER BY pending_claimed_at, id", before);
    }

    @Override
    public void recordMovements(List<NetworkMovement> movements) {
        tx.exec(c -> {
            // ON CONFLICT DO NOTHING (PostgreSQL, and H2 in its PostgreSQL mode): a repeated network
            // message has the movement's reference, recorded once.
            try (var ps = c.prepareStatement("INSERT INTO network_movements (reference, payment_id, kind, amount_minor, currency, transfer_id, "
                    + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (NetworkMovement m : movements) {
                    Sql.bind(ps, m.reference().value(), m.payment().value(), m.kind().name(), m.amount().minor(), m.amount().currency().code(),
                            m.transfer().map(TransferId::value), m.at());
                    ps.executeUpdate();
                }
            }
        });
    }

    @Override
    public List<NetworkMovement> allMovements() {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT reference, payment_id, kind, amount_minor, currency, transfer_id, recorded_at "
                    + "FROM network_movements ORDER BY recorded_at, reference")) {
                return Sql.list(ps, rs -> new NetworkMovement(new PaymentId(rs.getString("payment_id")), MovementKind.valueOf(rs.getString("kind")),
                        new Money(rs.getLong("amount_minor"), Currency.require(rs.getString("currency"))),
                        new NetworkReference(rs.getString("reference")), Sql.optionalString(rs, "transfer_id").map(TransferId::new),
                        Sql.instant(rs, "recorded_at")));
            }
        });
    }
}
