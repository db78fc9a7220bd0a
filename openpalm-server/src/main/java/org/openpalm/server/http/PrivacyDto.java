package org.openpalm.server.http;

import java.util.List;
import org.openpalm.payments.audit.AuditEntry;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.insights.AdvertiserExport;
import org.openpalm.payments.insights.MerchantInsights;
import org.openpalm.payments.privacy.DataExport;

/** JSON shapes of the portal, privacy and insights APIs (snake_case on the wire). */
public final class PrivacyDto {
    private PrivacyDto() {}

    // ---- requests ----
    public record CodeRequestIn(String phone) {}

    public record SignInIn(String phone, String code) {}

    public record GrantIn(String textVersion) {}

    public record ErasureIn(Boolean confirm) {}

    // ---- responses ----
    public record CodeSentOut(String status, int expiresInSeconds) {}

    public record SignedInOut(String customerId, String expiresAt) {}

    public record ProfileOut(String customerId, String phone, String createdAt, int palmEnrolments) {}

    /** A card masked: brand and last four digits only. */
    public record CardOut(String id, String last4, String brand, String addedAt, boolean isDefault) {
        static CardOut of(DataExport.CardSummary c) {
            return new CardOut(c.id().value(), c.last4(), c.brand().name(), c.addedAt().toString(), c.isDefault());
        }
    }

    public record ConsentOut(String kind, boolean active, String textVersion, String grantedAt, String withdrawnAt, String channel) {
        static ConsentOut of(Consent c) {
            return new ConsentOut(c.kind().name(), c.active(), c.textVersion(), c.grantedAt().toString(),
                    c.withdrawnAt().map(Object::toString).orElse(null), c.channel().name());
        }
    }

    public record ConsentsOut(List<ConsentOut> consents) {}

    public record ConsentChangeOut(ConsentOut consent, Integer palmEnrolmentsErased) {}

    public record ErasureOut(String status, int palmEnrolmentsErased) {}

    public record AuditEntryOut(long seq, String at, String actor, String action, String subject, String details, String prevHash, String hash) {
        static AuditEntryOut of(AuditEntry e) {
            return new AuditEntryOut(e.seq(), e.at().toString(), e.actor(), e.action(), e.subject(), e.details(), e.prevHash(), e.hash());
        }
    }

    public record AuditPageOut(List<AuditEntryOut> entries, long headSeq) {}

    public record VerificationOut(boolean intact, long entries, Long firstBadSeq, String reason) {}

    public record PaymentsOut(List<Dto.PaymentOut> payments) {}

    public record CardsOut(List<CardOut> cards) {}

    /** Everything held about a customer: no template, token or card number. */
    /** {@code palmMemberships}: loyalty, entry and age data (issue 17), when the server has them. */
    public record ExportOut(String exportedAt, ProfileOut profile, List<CardOut> cards, List<ConsentOut> consents, List<Dto.PaymentOut> payments,
                            List<AuditEntryOut> audit, LoyaltyDto.MembershipsExportOut palmMemberships) {
        static ExportOut of(DataExport x, java.util.Optional<PalmMembershipsExport> memberships) {
            ExportOut plain = of(x);
            return new ExportOut(plain.exportedAt(), plain.profile(), plain.cards(), plain.consents(), plain.payments(), plain.audit(),
                    memberships.map(m -> m.of(x.customer().id())).orElse(null));
        }

        static ExportOut of(DataExport x) {
            return new ExportOut(x.exportedAt().toString(), new ProfileOut(x.customer().id().value(), x.customer().phone().e164(),
                    x.customer().createdAt().toString(), x.palmEnrolments()), x.cards().stream().map(CardOut::of).toList(),
                    x.consents().stream().map(ConsentOut::of).toList(), x.payments().stream().map(Dto.PaymentOut::of).toList(),
                    x.audit().stream().map(AuditEntryOut::of).toList(), null);
        }
    }

    public record RetentionRunOut(int customersErased, int palmDataRetentionDays) {}

    public record BasketOut(String currency, int visits, long meanMinor, long medianMinor, long totalMinor) {}

    public record CohortOut(String firstVisitMonth, int customers, List<Integer> activeByMonth) {}

    public record InsightsOut(int customers, int visits, int repeatCustomerShareBasisPoints, int visitsPerCustomerHundredths,
                              double meanDaysBetweenVisits, List<BasketOut> baskets, List<Integer> visitsByHourUtc,
                              List<Integer> visitsByDayOfWeek, List<CohortOut> cohorts) {
        static InsightsOut of(MerchantInsights i) {
            return new InsightsOut(i.customers(), i.visits(), i.repeatCustomerShareBasisPoints(), i.visitsPerCustomerHundredths(),
                    Math.round(i.meanDaysBetweenVisits() * 100) / 100.0,
                    i.baskets().stream().map(b -> new BasketOut(b.currency(), b.visits(), b.meanMinor(), b.medianMinor(), b.totalMinor())).toList(),
                    i.visitsByHour(), i.visitsByDayOfWeek(),
                    i.cohorts().stream().map(c -> new CohortOut(c.firstVisitMonth().toString(), c.customers(), c.activeByMonth())).toList());
        }
    }

    public record ExportRowOut(String dimension, String bucket, int customers, int visits) {}

    public record AdvertiserExportOut(int k, List<ExportRowOut> rows, int suppressedGroups) {
        static AdvertiserExportOut of(AdvertiserExport e) {
            return new AdvertiserExportOut(e.k(), e.rows().stream().map(r -> new ExportRowOut(r.dimension(), r.bucket(), r.customers(), r.visits())).toList(),
                    e.suppressedGroups());
        }
    }
}
