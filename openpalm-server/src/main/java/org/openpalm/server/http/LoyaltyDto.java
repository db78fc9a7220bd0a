package org.openpalm.server.http;

import java.util.List;
import org.openpalm.payments.access.AccessStore;
import org.openpalm.payments.access.EntryConsent;
import org.openpalm.payments.access.EntryRecord;
import org.openpalm.payments.access.Ticket;
import org.openpalm.payments.age.AgeAttestation;
import org.openpalm.payments.loyalty.LoyaltyApplication;
import org.openpalm.payments.loyalty.LoyaltyProgramme;
import org.openpalm.payments.loyalty.LoyaltyStore;
import org.openpalm.payments.loyalty.Membership;
import org.openpalm.payments.loyalty.PointsEntry;
import org.openpalm.payments.loyalty.Reward;

/** JSON of loyalty, entry and age checks (issue 17). */
public final class LoyaltyDto {
    private LoyaltyDto() {}

    public record EveryNthIn(String item, Integer n) {}

    public record RedemptionIn(Long points, Long discountMinor) {}

    public record ProgrammeIn(String name, String currency, Integer pointsPerUnit, EveryNthIn everyNthItemFree, Integer percentOff,
                              RedemptionIn pointsRedemption) {}

    public record EveryNthOut(String item, int n) {}

    public record RedemptionOut(long points, long discountMinor) {}

    public record ProgrammeOut(String merchantId, String name, String currency, int pointsPerUnit, EveryNthOut everyNthItemFree,
                               Integer percentOff, RedemptionOut pointsRedemption, String updatedAt) {
        static ProgrammeOut of(LoyaltyProgramme p) {
            return new ProgrammeOut(p.merchant().value(), p.name(), p.currency().code(), p.pointsPerUnit(),
                    p.everyNth().map(n -> new EveryNthOut(n.item(), n.n())).orElse(null), p.percentOff().map(Reward.PercentOff::percent).orElse(null),
                    p.redemption().map(r -> new RedemptionOut(r.points(), r.discountMinor())).orElse(null), p.updatedAt().toString());
        }
    }

    public record ItemIn(String item, Integer quantity, Long unitMinor) {}

    /** The loyalty part of a loyalty.points_earned / loyalty.points_redeemed webhook. */
    public record LoyaltyEventOut(String customerId, long pointsEarned, long pointsRedeemed, long balance) {}

    /** What the reader shows: the original price, the discount, what was charged. */
    public record ApplicationOut(Dto.AmountOut original, Dto.AmountOut discount, Dto.AmountOut charged, String description, int freeItems,
                                 long pointsRedeemed) {
        static ApplicationOut of(LoyaltyApplication a) {
            return new ApplicationOut(Dto.AmountOut.of(a.original()), Dto.AmountOut.of(a.discount()), Dto.AmountOut.of(a.charged()),
                    a.description(), a.freeUnits(), a.pointsRedeemed());
        }
    }

    public record JoinIn(String palmImage, String palmImageNir, String imageKind, String displayName, Boolean loyaltyConsent, String consentTextVersion) {
        @Override
        public String toString() {
            return "JoinIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    public record PortalJoinIn(String merchantId, String displayName, String consentTextVersion) {}

    public record MembershipOut(String merchantId, String customerId, String displayName, String consentTextVersion, String channel,
                                String joinedAt, String leftAt, Long balance) {
        static MembershipOut of(Membership m, Long balance) {
            return new MembershipOut(m.merchant().value(), m.customer().value(), m.displayName(), m.consentTextVersion(),
                    m.channel().name(), m.joinedAt().toString(), m.leftAt().map(Object::toString).orElse(null), balance);
        }
    }

    public record JoinOut(String result, String shopperMessage, MembershipOut membership) {}

    public record SummaryOut(long members, long pointsIssued, long pointsRedeemed, long discountsMinor) {
        static SummaryOut of(LoyaltyStore.Summary s) {
            return new SummaryOut(s.members(), s.pointsIssued(), s.pointsRedeemed(), s.discountsMinor());
        }
    }

    public record MembersOut(SummaryOut summary, List<MembershipOut> members) {}

    /** Members counted for insights: only those with the shopping-insights consent. */
    public record LoyaltyInsightsOut(long loyaltyMembersWithInsightsConsent) {}

    public record PointsOut(String id, String merchantId, String paymentId, String kind, long points, long change, String at) {
        static PointsOut of(PointsEntry e) {
            return new PointsOut(e.id(), e.merchant().value(), e.payment().value(), e.kind().name(), e.points(), e.memberDelta(), e.at().toString());
        }
    }

    public record PortalLoyaltyOut(List<PortalProgrammeOut> memberships) {}

    public record PortalProgrammeOut(MembershipOut membership, String programme, long balance, List<PointsOut> history) {}

    // ---- entry ----

    public record PalmIn(String palmImage, String palmImageNir, String imageKind) {
        @Override
        public String toString() {
            return "PalmIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    public record EntryOut(String result, String displayName, String via, String reason, String shopperMessage) {}

    public record EntryConsentIn(String palmImage, String palmImageNir, String imageKind, Boolean entryConsent, String consentTextVersion) {
        @Override
        public String toString() {
            return "EntryConsentIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    public record EntryConsentOut(String merchantId, String customerId, String textVersion, String channel, String grantedAt, String withdrawnAt) {
        static EntryConsentOut of(EntryConsent c) {
            return new EntryConsentOut(c.merchant().value(), c.customer().value(), c.textVersion(), c.channel().name(), c.grantedAt().toString(),
                    c.withdrawnAt().map(Object::toString).orElse(null));
        }
    }

    public record TicketIn(String customerId, String holderName, String validFrom, String validUntil) {}

    public record TicketOut(String id, String customerId, String holderName, String validFrom, String validUntil) {
        static TicketOut of(Ticket t) {
            return new TicketOut(t.id().value(), t.customer().value(), t.holderName(), t.validFrom().toString(), t.validUntil().toString());
        }
    }

    public record DailyEntriesOut(String day, long allowed, long denied) {
        static DailyEntriesOut of(AccessStore.DailyEntries d) {
            return new DailyEntriesOut(d.day().toString(), d.allowed(), d.denied());
        }
    }

    public record EntriesOut(List<DailyEntriesOut> days) {}

    public record EntryRecordOut(String id, String merchantId, String storeId, String result, String reason, String at) {
        static EntryRecordOut of(EntryRecord e) {
            return new EntryRecordOut(e.id().value(), e.merchant().value(), e.store().value(), e.allowed() ? "ALLOWED" : "DENIED", e.reason(), e.at().toString());
        }
    }

    // ---- age ----

    public record AttestationIn(String palmImage, String palmImageNir, String imageKind, String bornOnOrBefore, String staffId, String documentType) {
        @Override
        public String toString() {
            return "AttestationIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    public record AttestationOut(String customerId, String bornOnOrBefore, String staffId, String storeId, String documentType, String attestedAt) {
        static AttestationOut of(AgeAttestation a) {
            return new AttestationOut(a.customer().value(), a.bornOnOrBefore().toString(), a.staffId(), a.store().value(),
                    a.documentType().name(), a.attestedAt().toString());
        }
    }

    public record AgeCheckIn(String palmImage, String palmImageNir, String imageKind, Integer minimumAge) {
        @Override
        public String toString() {
            return "AgeCheckIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    public record AgeCheckOut(int minimumAge, String result, String shopperMessage) {}

    /** The palm-membership part of a customer's data export. */
    public record MembershipsExportOut(List<MembershipOut> loyalty, List<PointsOut> points, List<EntryConsentOut> entryConsents,
                                       List<TicketOut> tickets, List<EntryRecordOut> entries, AttestationOut ageAttestation) {}
}
