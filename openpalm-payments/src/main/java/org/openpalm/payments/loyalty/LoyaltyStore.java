package org.openpalm.payments.loyalty;

import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;

/** Port: programmes, memberships, baskets, applications and the append-only points journal. */
public interface LoyaltyStore {
    Optional<LoyaltyProgramme> programme(MerchantId merchant);

    void saveProgramme(LoyaltyProgramme programme);

    Optional<Membership> membership(MerchantId merchant, CustomerId customer);

    /** Inserts or replaces the membership (a re-join after leaving). */
    void saveMembership(Membership membership);

    List<Membership> members(MerchantId merchant, int limit);

    /** A customer's memberships, at every merchant. */
    List<Membership> membershipsOf(CustomerId customer);

    void saveBasket(PaymentId payment, Basket basket);

    /** The basket the till sent with the payment, {@link Basket#NONE} when it sent none. */
    Basket basket(PaymentId payment);

    /**
     * Units of {@code item} the member bought at the merchant in payments that count (authorised,
     * captured, or free): the stamps on their card before the next payment.
     */
    long stamps(MerchantId merchant, CustomerId customer, String item);

    /**
     * Inside a transaction: locks the member's active membership row until it ends, so that one
     * member's payments are priced one at a time; false (nothing locked) when not an active member.
     */
    boolean lockMembership(MerchantId merchant, CustomerId customer);

    /**
     * What other payments of the member, priced since {@code since} and still waiting for their
     * authorisation, hold: their programme item units and points to redeem.
     */
    Held held(MerchantId merchant, CustomerId customer, PaymentId excluding, java.time.Instant since);

    /** Item units and points held by prices not yet authorised. */
    record Held(long itemUnits, long points) {}

    /** Holds {@code application}'s price for its payment until it is settled or released (replaces an earlier hold of the payment). */
    void hold(LoyaltyApplication application);

    /** Drops the payment's held price (not authorised after all); a settled one stays. */
    void release(PaymentId payment);

    /** Records the application as what the payment got (settles its hold). */
    void saveApplication(LoyaltyApplication application);

    /** The settled application of the payment. */
    Optional<LoyaltyApplication> application(PaymentId payment);

    /** Every settled application. */
    List<LoyaltyApplication> allApplications();

    /** Appends the entry unless one with its id exists; false (nothing written) then. */
    boolean append(PointsEntry entry);

    List<PointsEntry> entriesOf(PaymentId payment);

    /** A member's entries at one merchant, newest first. */
    List<PointsEntry> history(MerchantId merchant, CustomerId customer, int limit);

    /** A customer's entries at every merchant, oldest first (export). */
    List<PointsEntry> entriesOfCustomer(CustomerId customer);

    List<PointsEntry> allEntries();

    long balance(MerchantId merchant, CustomerId customer);

    /** Members, points issued (net of reversals) and points redeemed (net of reversals) at a merchant. */
    Summary summary(MerchantId merchant);

    record Summary(long members, long pointsIssued, long pointsRedeemed, long discountsMinor) {}

    /** Active members who also hold an active shopping-insights consent: the only ones insights may count. */
    long membersWithInsightsConsent(MerchantId merchant);

    /** Erasure: the customer's memberships (names, consents) go; the points journal stays pseudonymous with the payments. */
    int forget(CustomerId customer);
}
