package org.openpalm.server.http;

import org.openpalm.payments.access.AccessStore;
import org.openpalm.payments.age.AgeStore;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.loyalty.LoyaltyStore;

/** The palm-membership part of a customer's data export: loyalty, points, entry consents, tickets, entries, age attestation. */
public final class PalmMembershipsExport {
    private final LoyaltyStore loyalty;
    private final AccessStore access;
    private final AgeStore ages;

    public PalmMembershipsExport(LoyaltyStore loyalty, AccessStore access, AgeStore ages) {
        this.loyalty = loyalty;
        this.access = access;
        this.ages = ages;
    }

    LoyaltyDto.MembershipsExportOut of(CustomerId customer) {
        return new LoyaltyDto.MembershipsExportOut(
                loyalty.membershipsOf(customer).stream().map(m -> LoyaltyDto.MembershipOut.of(m, loyalty.balance(m.merchant(), customer))).toList(),
                loyalty.entriesOfCustomer(customer).stream().map(LoyaltyDto.PointsOut::of).toList(),
                access.consentsOf(customer).stream().map(LoyaltyDto.EntryConsentOut::of).toList(),
                access.ticketsOf(customer).stream().map(LoyaltyDto.TicketOut::of).toList(),
                access.entriesOf(customer).stream().map(LoyaltyDto.EntryRecordOut::of).toList(),
                ages.attestation(customer).map(LoyaltyDto.AttestationOut::of).orElse(null));
    }
}
