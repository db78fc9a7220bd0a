package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.audit.AuditVerification;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.privacy.PrivacyService;

/**
 * Privacy administration (bearer admin token). Every read of a customer's data is itself audited.
 *
 * <ul>
 *   <li>{@code GET /admin/v1/audit?after_seq=N&limit=M}: audit log entries, oldest first (limit 1 to 1000, default 100)
 *   <li>{@code GET /admin/v1/audit/verify}: checks the hash chain ({@code intact}, or the first bad seq)
 *   <li>{@code GET /admin/v1/customers/{id}/audit}: the audit trail of one customer's data
 *   <li>{@code GET /admin/v1/customers/{id}/export}: everything held about a customer (JSON)
 *   <li>{@code POST /admin/v1/customers/{id}/erasure} (Idempotency-Key): erase the customer's palm data
 *   <li>{@code POST /admin/v1/customers/{id}/consents/{shopping-insights|biometric-processing}/withdraw}
 *       (Idempotency-Key): withdraw on the customer's behalf (channel API)
 *   <li>{@code POST /admin/v1/retention/run} (Idempotency-Key): run the retention job now
 * </ul>
 */
public final class PrivacyApi {
    private static final String ADMIN = "admin";
    private final Api api;
    private final PrivacyService privacy;
    private final AuditLog audit;

    private final java.util.Optional<PalmMembershipsExport> memberships;

    public PrivacyApi(Api api, PrivacyService privacy, AuditLog audit) {
        this(api, privacy, audit, java.util.Optional.empty());
    }

    /** With {@code memberships}: the export holds loyalty, entry and age data too. */
    public PrivacyApi(Api api, PrivacyService privacy, AuditLog audit, java.util.Optional<PalmMembershipsExport> memberships) {
        this.memberships = memberships;
        this.api = api;
        this.privacy = privacy;
        this.audit = audit;
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.get("/admin/v1/audit", ctx -> {
            api.requireAdmin(ctx);
            long after = number(ctx, "after_seq", 0, 0, Long.MAX_VALUE);
            int limit = (int) number(ctx, "limit", 100, 1, 1000);
            Api.json(ctx, 200, new PrivacyDto.AuditPageOut(audit.page(after, limit).stream().map(PrivacyDto.AuditEntryOut::of).toList(),
                    audit.head().seq()));
        });

        r.get("/admin/v1/audit/verify", ctx -> {
            api.requireAdmin(ctx);
            Api.json(ctx, 200, switch (audit.verify()) {
                case AuditVerification.Intact i -> new PrivacyDto.VerificationOut(true, i.entries(), null, null);
                case AuditVerification.Broken b -> new PrivacyDto.VerificationOut(false, audit.head().seq(), b.firstBadSeq(), b.reason());
            });
        });

        r.get("/admin/v1/customers/{id}/audit", ctx -> {
            api.requireAdmin(ctx);
            CustomerId id = customer(ctx);
            Api.json(ctx, 200, new PrivacyDto.AuditPageOut(privacy.auditTrail(id, ADMIN).stream().map(PrivacyDto.AuditEntryOut::of).toList(),
                    audit.head().seq()));
        });

        r.get("/admin/v1/customers/{id}/export", ctx -> {
            api.requireAdmin(ctx);
            CustomerId id = customer(ctx);
            var export = privacy.export(id, ADMIN).orElseThrow(PrivacyApi::noCustomer);
            ctx.header("Cache-Control", "no-store");
            Api.json(ctx, 200, PrivacyDto.ExportOut.of(export, memberships));
        });

        r.post("/admin/v1/customers/{id}/erasure", ctx -> {
            api.requireAdmin(ctx);
            CustomerId id = customer(ctx);
            api.mutateAtomically(ctx, ADMIN, ctx.bodyAsBytes(), () -> PortalApi.erasureResponse(
                    privacy.erasePalmData(id, ConsentChannel.API, ADMIN, "erasure requested through the API")));
        });

        r.post("/admin/v1/customers/{id}/consents/{kind}/withdraw", ctx -> {
            api.requireAdmin(ctx);
            CustomerId id = customer(ctx);
            ConsentKind kind = PortalApi.kind(ctx.pathParam("kind"));
            api.mutateAtomically(ctx, ADMIN, ctx.bodyAsBytes(), () -> PortalApi.consentResponse(privacy.withdraw(id, kind, ConsentChannel.API, ADMIN)));
        });

        r.post("/admin/v1/retention/run", ctx -> {
            api.requireAdmin(ctx);
            api.mutate(ctx, ADMIN, ctx.bodyAsBytes(), () -> new StoredResponse(200, Json.write(
                    new PrivacyDto.RetentionRunOut(privacy.applyRetention(), privacy.retention().palmDataRetentionDays()))));
        });
    }

    private CustomerId customer(Context ctx) {
        CustomerId id = CustomerId.parse(ctx.pathParam("id")).orElseThrow(PrivacyApi::noCustomer);
        if (privacy.customer(id).isEmpty()) throw noCustomer();
        return id;
    }

    private static Problem noCustomer() {
        return Problem.of(404, "not-found", "Not found", "no such customer");
    }

    /** An optional whole-number query parameter within bounds. */
    static long number(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) return fallback;
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) throw Problem.invalid(name, "must be between " + min + " and " + max);
            return v;
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, "must be a whole number");
        }
    }
}
