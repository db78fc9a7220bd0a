package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.loyalty.Basket;
import org.openpalm.payments.loyalty.LineItem;
import org.openpalm.payments.loyalty.LoyaltyApplication;
import org.openpalm.payments.loyalty.LoyaltyProgramme;
import org.openpalm.payments.loyalty.LoyaltyStore;
import org.openpalm.payments.loyalty.Membership;
import org.openpalm.payments.loyalty.PointsEntry;
import org.openpalm.payments.loyalty.Reward;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.service.Storage;

/** Loyalty over JDBC (tables of V13), on the storage's transactor: entries commit with the payment change. */
public final class JdbcLoyaltyStore implements LoyaltyStore {
    private static final String ENTRY = "SELECT id, merchant_id, customer_id, payment_id, kind, points, points_per_unit, posted_at FROM loyalty_points ";
    private static final String APPLICATION = "SELECT payment_id, merchant_id, customer_id, original_minor, discount_minor, currency, item_units, "
            + "free_units, points_redeemed, description, applied_at FROM loyalty_applications WHERE settled = TRUE ";
    private static final String MEMBER = "SELECT merchant_id, customer_id, display_name, consent_text_version, channel, joined_at, left_at FROM loyalty_members ";
    private final JdbcTransactor tx;

    JdbcLoyaltyStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    public static LoyaltyStore over(Storage storage) {
        if (!(storage.transactor() instanceof JdbcTransactor tx)) throw new IllegalArgumentException("not a JDBC storage");
        return new JdbcLoyaltyStore(tx);
    }

    @Override
    public Optional<LoyaltyProgramme> programme(MerchantId merchant) {
        return tx.query("SELECT * FROM loyalty_programmes WHERE merchant_id = ?", rs -> {
            Currency currency = Currency.require(rs.getString("currency"));
            String item = rs.getString("nth_item");
            Optional<Reward.EveryNthItemFree> nth = item == null ? Optional.empty() : Optional.of(new Reward.EveryNthItemFree(item, rs.getInt("nth_every")));
            int pct = rs.getInt("percent_off");
            Optional<Reward.PercentOff> percent = rs.wasNull() ? Optional.empty() : Optional.of(new Reward.PercentOff(pct));
            long points = rs.getLong("redeem_points");
            Optional<Reward.PointsRedemption> redeem = rs.wasNull() ? Optional.empty()
                    : Optional.of(new Reward.PointsRedemption(points, rs.getLong("redeem_minor")));
            return new LoyaltyProgramme(merchant, rs.getString("name"), currency, rs.getInt("points_per_unit"), nth, percent, redeem,
                    Sql.instant(rs, "updated_at"));
        }, merchant.value()).stream().findFirst();
    }

    @Override
    public void saveProgramme(LoyaltyProgramme p) {
        tx.update("DELETE FROM loyalty_programmes WHERE merchant_id = ?", p.merchant().value());
        tx.update("INSERT INTO loyalty_programmes (merchant_id, name, currency, points_per_unit, nth_item, nth_every, percent_off, redeem_points, "
                        + "redeem_minor, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p.merchant().value(), p.name(), p.currency().code(),
                p.pointsPerUnit(), p.everyNth().map(Reward.EveryNthItemFree::item), p.everyNth().map(Reward.EveryNthItemFree::n),
                p.percentOff().map(Reward.PercentOff::percent), p.redemption().map(Reward.PointsRedemption::points),
                p.redemption().map(Reward.PointsRedemption::discountMinor), p.updatedAt());
    }

    private static Membership member(ResultSet rs) throws SQLException {
        return new Membership(new MerchantId(rs.getString("merchant_id")), new CustomerId(rs.getString("customer_id")), rs.getString("display_name"),
                rs.getString("consent_text_version"), ConsentChannel.valueOf(rs.getString("channel")), Sql.instant(rs, "joined_at"),
                Sql.optionalInstant(rs, "left_at"));
    }

    @Override
    public Optional<Membership> membership(MerchantId merchant, CustomerId customer) {
        return tx.query(MEMBER + "WHERE merchant_id = ? AND customer_id = ?", JdbcLoyaltyStore::member, merchant.value(), customer.value())
                .stream().findFirst();
    }

    @Override
    public void saveMembership(Membership m) {
        tx.update("DELETE FROM loyalty_members WHERE merchant_id = ? AND customer_id = ?", m.merchant().value(), m.customer().value());
        tx.update("INSERT INTO loyalty_members (merchant_id, customer_id, display_name, consent_text_version, channel, joined_at, left_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", m.merchant().value(), m.customer().value(), m.displayName(), m.consentTextVersion(),
                m.channel().name(), m.joinedAt(), m.leftAt());
    }

    @Override
    public List<Membership> members(MerchantId merchant, int limit) {
        return tx.query(MEMBER + "WHERE merchant_id = ? AND left_at IS NULL ORDER BY joined_at DESC LIMIT " + Math.max(1, limit),
                JdbcLoyaltyStore::member, merchant.value());
    }

    @Override
    public List<Membership> membershipsOf(CustomerId customer) {
        return tx.query(MEMBER + "WHERE customer_id = ? ORDER BY joined_at", JdbcLoyaltyStore::member, customer.value());
    }

    @Override
    public void saveBasket(PaymentId payment, Basket basket) {
        tx.update("INSERT INTO loyalty_baskets (payment_id, redeem_points) VALUES (?, ?)", payment.value(), basket.redeemPoints());
        int seq = 0;
        for (LineItem i : basket.items()) {
            tx.update("INSERT INTO loyalty_basket_items (payment_id, seq, item, quantity, unit_minor, currency) VALUES (?, ?, ?, ?, ?, ?)",
                    payment.value(), seq++, i.item(), i.quantity(), i.unitPrice().minor(), i.unitPrice().currency().code());
        }
    }

    @Override
    public Basket basket(PaymentId payment) {
        List<Boolean> redeem = tx.query("SELECT redeem_points FROM loyalty_baskets WHERE payment_id = ?", rs -> rs.getBoolean(1), payment.value());
        if (redeem.isEmpty()) return Basket.NONE;
        List<LineItem> items = tx.query("SELECT item, quantity, unit_minor, currency FROM loyalty_basket_items WHERE payment_id = ? ORDER BY seq",
                rs -> new LineItem(rs.getString("item"), rs.getInt("quantity"), new Money(rs.getLong("unit_minor"), Currency.require(rs.getString("currency")))),
                payment.value());
        return new Basket(items, redeem.getFirst());
    }

    @Override
    public long stamps(MerchantId merchant, CustomerId customer, String item) {
        return tx.query("SELECT COALESCE(SUM(a.item_units), 0) FROM loyalty_applications a JOIN payments p ON p.id = a.payment_id "
                        + "WHERE a.merchant_id = ? AND a.customer_id = ? AND a.settled = TRUE "
                        + "AND (p.status IN ('AUTHORISED', 'CAPTURED') OR a.discount_minor = a.original_minor)",
                rs -> rs.getLong(1), merchant.value(), customer.value()).getFirst();
    }

    @Override
    public boolean lockMembership(MerchantId merchant, CustomerId customer) {
        return !tx.query("SELECT customer_id FROM loyalty_members WHERE merchant_id = ? AND customer_id = ? AND left_at IS NULL FOR UPDATE",
                rs -> rs.getString(1), merchant.value(), customer.value()).isEmpty();
    }

    @Override
    public Held held(MerchantId merchant, CustomerId customer, PaymentId excluding, Instant since) {
        // a hold counts while its payment still waits for the palm's outcome: a declined or voided one never did
        return tx.query("SELECT COALESCE(SUM(a.item_units), 0), COALESCE(SUM(a.points_redeemed), 0) FROM loyalty_applications a "
                        + "JOIN payments p ON p.id = a.payment_id WHERE a.merchant_id = ? AND a.customer_id = ? AND a.settled = FALSE "
                        + "AND a.payment_id <> ? AND a.applied_at >= ? AND p.status IN ('CREATED', 'AWAITING_PALM', 'HINT_NEEDED')",
                rs -> new Held(rs.getLong(1), rs.getLong(2)), merchant.value(), customer.value(), excluding.value(), since).getFirst();
    }

    @Override
    public void hold(LoyaltyApplication a) {
        release(a.payment());
        insert(a, false);
    }

    @Override
    public void release(PaymentId payment) {
        tx.update("DELETE FROM loyalty_applications WHERE payment_id = ? AND settled = FALSE", payment.value());
    }

    private static LoyaltyApplication application(ResultSet rs) throws SQLException {
        Currency c = Currency.require(rs.getString("currency"));
        return new LoyaltyApplication(new PaymentId(rs.getString("payment_id")), new MerchantId(rs.getString("merchant_id")),
                new CustomerId(rs.getString("customer_id")), new Money(rs.getLong("original_minor"), c), new Money(rs.getLong("discount_minor"), c),
                rs.getInt("item_units"), rs.getInt("free_units"), rs.getLong("points_redeemed"), rs.getString("description"), Sql.instant(rs, "applied_at"));
    }

    @Override
    public void saveApplication(LoyaltyApplication a) {
        release(a.payment());
        insert(a, true);
    }

    private void insert(LoyaltyApplication a, boolean settled) {
        tx.update("INSERT INTO loyalty_applications (payment_id, merchant_id, customer_id, original_minor, discount_minor, currency, item_units, "
                        + "free_units, points_redeemed, description, applied_at, settled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.payment().value(),
                a.merchant().value(), a.customer().value(), a.original().minor(), a.discount().minor(), a.original().currency().code(), a.itemUnits(),
                a.freeUnits(), a.pointsRedeemed(), a.description(), a.appliedAt(), settled);
    }

    @Override
    public Optional<LoyaltyApplication> application(PaymentId payment) {
        return tx.query(APPLICATION + "AND payment_id = ?", JdbcLoyaltyStore::application, payment.value()).stream().findFirst();
    }

    @Override
    public List<LoyaltyApplication> allApplications() {
        return tx.query(APPLICATION + "ORDER BY applied_at", JdbcLoyaltyStore::application);
    }

    private static PointsEntry entry(ResultSet rs) throws SQLException {
        return new PointsEntry(rs.getString("id"), new MerchantId(rs.getString("merchant_id")), new CustomerId(rs.getString("customer_id")),
                new PaymentId(rs.getString("payment_id")), PointsEntry.Kind.valueOf(rs.getString("kind")), rs.getLong("points"),
                rs.getInt("points_per_unit"), Sql.instant(rs, "posted_at"));
    }

    @Override
    public boolean append(PointsEntry e) {
        if (!tx.query("SELECT 1 FROM loyalty_points WHERE id = ?", rs -> 1, e.id()).isEmpty()) return false;
        tx.update("INSERT INTO loyalty_points (id, merchant_id, customer_id, payment_id, kind, points, points_per_unit, debit, credit, posted_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.merchant().value(), e.customer().value(), e.payment().value(), e.kind().name(),
                e.points(), e.pointsPerUnit(), e.debit(), e.credit(), e.at());
        return true;
    }

    @Override
    public List<PointsEntry> entriesOf(PaymentId payment) {
        return tx.query(ENTRY + "WHERE payment_id = ? ORDER BY seq", JdbcLoyaltyStore::entry, payment.value());
    }

    @Override
    public List<PointsEntry> history(MerchantId merchant, CustomerId customer, int limit) {
        return tx.query(ENTRY + "WHERE merchant_id = ? AND customer_id = ? ORDER BY seq DESC LIMIT " + Math.max(1, limit), JdbcLoyaltyStore::entry,
                merchant.value(), customer.value());
    }

    @Override
    public List<PointsEntry> entriesOfCustomer(CustomerId customer) {
        return tx.query(ENTRY + "WHERE customer_id = ? ORDER BY seq", JdbcLoyaltyStore::entry, customer.value());
    }

    @Override
    public List<PointsEntry> allEntries() {
        return tx.query(ENTRY + "ORDER BY seq", JdbcLoyaltyStore::entry);
    }

    @Override
    public long balance(MerchantId merchant, CustomerId customer) {
        String account = PointsEntry.memberAccount(merchant, customer);
        return tx.query("SELECT COALESCE(SUM(CASE WHEN credit = ? THEN points ELSE 0 END), 0) - COALESCE(SUM(CASE WHEN debit = ? THEN points ELSE 0 END), 0) "
                + "FROM loyalty_points WHERE merchant_id = ? AND customer_id = ?", rs -> rs.getLong(1), account, account, merchant.value(), customer.value()).getFirst();
    }

    @Override
    public Summary summary(MerchantId merchant) {
        long members = tx.query("SELECT COUNT(*) FROM loyalty_members WHERE merchant_id = ? AND left_at IS NULL", rs -> rs.getLong(1), merchant.value()).getFirst();
        long[] points = tx.query("SELECT "
                + "COALESCE(SUM(CASE WHEN kind = 'EARNED' THEN points WHEN kind = 'EARNING_REVERSED' THEN -points ELSE 0 END), 0), "
                + "COALESCE(SUM(CASE WHEN kind = 'REDEEMED' THEN points WHEN kind = 'REDEMPTION_REVERSED' THEN -points ELSE 0 END), 0) "
                + "FROM loyalty_points WHERE merchant_id = ?", rs -> new long[] {rs.getLong(1), rs.getLong(2)}, merchant.value()).getFirst();
        long discounts = tx.query("SELECT COALESCE(SUM(a.discount_minor), 0) FROM loyalty_applications a JOIN payments p ON p.id = a.payment_id "
                + "WHERE a.merchant_id = ? AND (p.status IN ('AUTHORISED', 'CAPTURED') OR a.discount_minor = a.original_minor)", rs -> rs.getLong(1), merchant.value()).getFirst();
        return new Summary(members, points[0], points[1], discounts);
    }

    @Override
    public long membersWithInsightsConsent(MerchantId merchant) {
        return tx.query("SELECT COUNT(*) FROM loyalty_members m JOIN consents c ON c.customer_id = m.customer_id "
                + "WHERE m.merchant_id = ? AND m.left_at IS NULL AND c.kind = 'SHOPPING_INSIGHTS' AND c.withdrawn_at IS NULL",
                rs -> rs.getLong(1), merchant.value()).getFirst();
    }

    @Override
    public int forget(CustomerId customer) {
        return tx.update("DELETE FROM loyalty_members WHERE customer_id = ?", customer.value());
    }
}
