package org.openpalm.payments.loyalty;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.Transactor;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentEvent;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.webhook.OutboxEvent;

/**
 * Loyalty use cases: a merchant's programme, joining and leaving (with consent, audited), the
 * member's price before authorisation, and the points journal entries of each payment event.
 */
public final class LoyaltyService implements PaymentLoyalty {
    public static final String POINTS_EARNED = "loyalty.points_earned";
    public static final String POINTS_REDEEMED = "loyalty.points_redeemed";

    private final Transactor tx;
    private final LoyaltyStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final LoyaltyConfig config;

    public LoyaltyService(Transactor tx, LoyaltyStore store, AuditLog audit, Clock clock) {
        this(tx, store, audit, clock, LoyaltyConfig.DEFAULT);
    }

    public LoyaltyService(Transactor tx, LoyaltyStore store, AuditLog audit, Clock clock, LoyaltyConfig config) {
        this.config = config;
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public LoyaltyStore store() {
        return store;
    }

    /** Creates or replaces the merchant's programme. */
    public LoyaltyProgramme define(LoyaltyProgramme programme) {
        LoyaltyProgramme stamped = new LoyaltyProgramme(programme.merchant(), programme.name(), programme.currency(), programme.pointsPerUnit(),
                programme.everyNth(), programme.percentOff(), programme.redemption(), clock.instant());
        tx.inTransaction(() -> {
            store.saveProgramme(stamped);
            return true;
        });
        return stamped;
    }

    public Optional<LoyaltyProgramme> programme(MerchantId merchant) {
        return store.programme(merchant);
    }

    public sealed interface JoinOutcome {
        record Joined(Membership membership) implements JoinOutcome {}

        record AlreadyMember(Membership membership) implements JoinOutcome {}

        /** The merchant has no programme. */
        record NoProgramme() implements JoinOutcome {}
    }

    /** The shopper joins (their consent to use their palm as this merchant's loyalty card), audited. */
    public JoinOutcome join(MerchantId merchant, CustomerId customer, String displayName, String consentTextVersion, ConsentChannel channel) {
        if (store.programme(merchant).isEmpty()) return new JoinOutcome.NoProgramme();
        return tx.inTransaction(() -> {
            Optional<Membership> existing = store.membership(merchant, customer);
            if (existing.isPresent() && existing.get().active()) return new JoinOutcome.AlreadyMember(existing.get());
            Instant now = clock.instant();
            Membership m = new Membership(merchant, customer, displayName, consentTextVersion, channel, now, Optional.empty());
            store.saveMembership(m);
            audit.append(new AuditEvent(actor(channel, customer), AuditAction.LOYALTY_JOINED, customer.value(),
                    "joined the loyalty programme of " + merchant.value() + " (consent text " + consentTextVersion + ", " + channel.name().toLowerCase() + ")"), now);
            return new JoinOutcome.Joined(m);
        });
    }

    /** The member leaves (consent withdrawn); points stay in the journal but earn and redeem no more. */
    public boolean leave(MerchantId merchant, CustomerId customer, ConsentChannel channel) {
        return tx.inTransaction(() -> {
            Optional<Membership> m = store.membership(merchant, customer).filter(Membership::active);
            if (m.isEmpty()) return false;
            Instant now = clock.instant();
            Membership left = m.get();
            store.saveMembership(new Membership(left.merchant(), left.customer(), left.displayName(), left.consentTextVersion(), channel,
                    left.joinedAt(), Optional.of(now)));
            audit.append(new AuditEvent(actor(channel, customer), AuditAction.LOYALTY_LEFT, customer.value(),
                    "left the loyalty programme of " + merchant.value()), now);
            return true;
        });
    }

    private static String actor(ConsentChannel channel, CustomerId customer) {
        return switch (channel) {
            case KIOSK -> "kiosk";
            case PORTAL -> "customer:" + customer.value();
            case API -> "api";
            case PHONE_PAGE -> "phone-page:" + customer.value();
        };
    }

    public Optional<Membership> activeMembership(MerchantId merchant, CustomerId customer) {
        return store.membership(merchant, customer).filter(Membership::active);
    }

    public long balance(MerchantId merchant, CustomerId customer) {
        return store.balance(merchant, customer);
    }

    /**
     * Two payments of one member at the same moment (two tills, a family sharing a palm's card) must
     * not both get the 10th coffee free or both spend the same points: the member's prices are set
     * one at a time (the membership row is locked while pricing) and each price is held, counting
     * for the member's next prices as if authorised, until the payment settles or releases it.
     */
    @Override
    public Optional<LoyaltyApplication> priceFor(Payment payment, CustomerId customer, Instant now) {
        Optional<LoyaltyProgramme> programme = store.programme(payment.merchant());
        if (programme.isEmpty()) return Optional.empty();
        return tx.inTransaction(() -> {
            if (!store.lockMembership(payment.merchant(), customer)) return Optional.empty();
            LoyaltyStore.Held held = store.held(payment.merchant(), customer, payment.id(), now.minusSeconds(config.priceHoldSeconds()));
            Basket basket = store.basket(payment.id());
            long stamps = programme.get().everyNth().map(n -> store.stamps(payment.merchant(), customer, n.item())).orElse(0L) + held.itemUnits();
            long balance = basket.redeemPoints() ? store.balance(payment.merchant(), customer) - held.points() : 0;
            LoyaltyApplication price = LoyaltyPricing.price(programme.get(), payment, customer, basket, stamps, balance, now);
            store.hold(price);
            return Optional.of(price);
        });
    }

    @Override
    public void release(PaymentId payment) {
        tx.inTransaction(() -> {
            store.release(payment);
            return true;
        });
    }

    @Override
    public List<OutboxEvent> posted(Payment after, PaymentEvent event, Optional<LoyaltyApplication> applying, Instant at) {
        List<OutboxEvent> events = new ArrayList<>();
        PaymentId id = after.id();
        switch (event) {
            case PaymentEvent.Authorised a -> applying.ifPresent(app -> record(after, app, at, events));
            case PaymentEvent.Voided v -> {
                if (v.released().isZero()) {
                    // a free payment is settled by cancelling the card payment: nothing was held
                    applying.filter(LoyaltyApplication::free).ifPresent(app -> record(after, app, at, events));
                } else {
                    store.application(id).filter(app -> app.pointsRedeemed() > 0).ifPresent(app -> store.append(new PointsEntry(
                            id.value() + ":redeem:void", after.merchant(), app.customer(), id, PointsEntry.Kind.REDEMPTION_REVERSED,
                            app.pointsRedeemed(), 0, at)));
                }
            }
            case PaymentEvent.Captured c -> {
                Optional<LoyaltyApplication> app = applying.or(() -> store.application(id));
                Optional<LoyaltyProgramme> programme = store.programme(after.merchant());
                if (app.isPresent() && programme.isPresent()) {
                    int rate = programme.get().pointsPerUnit();
                    long points = LoyaltyProgramme.pointsFor(c.captured(), rate);
                    if (points > 0 && store.append(new PointsEntry(id.value() + ":points", after.merchant(), app.get().customer(), id,
                            PointsEntry.Kind.EARNED, points, rate, at))) {
                        events.add(new OutboxEvent(EventId.random(), after.merchant(), POINTS_EARNED, id, after.version(), at));
                    }
                }
            }
            case PaymentEvent.Refunded r -> {
                List<PointsEntry> entries = store.entriesOf(id);
                Optional<PointsEntry> earned = entries.stream().filter(e -> e.kind() == PointsEntry.Kind.EARNED).findFirst();
                if (earned.isPresent()) {
                    long reversed = entries.stream().filter(e -> e.kind() == PointsEntry.Kind.EARNING_REVERSED).mapToLong(PointsEntry::points).sum();
                    long keep = LoyaltyProgramme.pointsFor(after.captured().minus(after.refunded()), earned.get().pointsPerUnit());
                    long reverse = earned.get().points() - keep - reversed;
                    if (reverse > 0) store.append(new PointsEntry(id.value() + ":points:" + r.refund().value(), after.merchant(),
                            earned.get().customer(), id, PointsEntry.Kind.EARNING_REVERSED, reverse, earned.get().pointsPerUnit(), at));
                }
            }
            case PaymentEvent.PalmAwaited e -> { }
            case PaymentEvent.HintRequested e -> { }
            case PaymentEvent.Declined e -> { }
            case PaymentEvent.MovementClaimed e -> { }
            case PaymentEvent.ClaimReleased e -> { }
        }
        return events;
    }

    private void record(Payment after, LoyaltyApplication app, Instant at, List<OutboxEvent> events) {
        // Settling under the member's lock: a price being set meanwhile sees this one either held or
        // settled, never neither (its two reads of held and settled prices are separate statements).
        store.lockMembership(app.merchant(), app.customer());
        store.saveApplication(app);
        if (app.pointsRedeemed() > 0 && store.append(new PointsEntry(after.id().value() + ":redeem", after.merchant(), app.customer(), after.id(),
                PointsEntry.Kind.REDEEMED, app.pointsRedeemed(), 0, at))) {
            events.add(new OutboxEvent(EventId.random(), after.merchant(), POINTS_REDEEMED, after.id(), after.version(), at));
        }
    }

    /** Whether a payment counts for stamps: held or charged, or free. */
    public static boolean counts(PaymentStatus status, LoyaltyApplication app) {
        return switch (status) {
            case AUTHORISED, CAPTURED -> true;
            case VOIDED -> app.free();
            case CREATED, AWAITING_PALM, HINT_NEEDED, DECLINED -> false;
        };
    }
}
