package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.ApiKey;
import org.openpalm.payments.merchant.ApiKeyInfo;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.payment.PaymentQueries;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.report.DailyVolume;
import org.openpalm.payments.report.SettlementLine;
import org.openpalm.payments.report.SettlementReport;
import org.openpalm.payments.service.BackofficeService;

/**
 * The merchant dashboard's API (bearer API key). Dates are UTC days, {@code YYYY-MM-DD}; a
 * {@code to} date is included.
 * <ul>
 *   <li>{@code GET /v1/payments?status=&from=&to=&terminal_id=&limit=&after=}: newest first; {@code next_after}
 *       continues the listing (keyset pagination);
 *   <li>{@code GET /v1/reports/daily?from=&to=}: approvals, declines and approved volume per day;
 *   <li>{@code GET /v1/reports/settlement.csv?date=}: captured, refunded, fees and net per payment, and totals;
 *   <li>{@code GET /v1/stores}, {@code GET /v1/terminals};
 *   <li>{@code GET /v1/api-keys}, {@code POST /v1/api-keys} (the key is shown once),
 *       {@code POST /v1/api-keys/{id}/revoke}.
 * </ul>
 */
public final class DashboardApi {
    private final Api api;
    private final BackofficeService backoffice;
    private final WebApiConfig tuning;

    public DashboardApi(Api api, BackofficeService backoffice, WebApiConfig tuning) {
        this.api = api;
        this.backoffice = backoffice;
        this.tuning = tuning;
    }

    public record PaymentListOut(List<Dto.PaymentOut> payments, String nextAfter) {}

    public record DayOut(String date, String currency, int approved, int declined, long approvedMinor, double approvalRate) {}

    public record DailyReportOut(String from, String to, List<DayOut> days) {}

    public record TerminalListOut(List<TerminalItemOut> terminals) {}

    public record TerminalItemOut(String terminalId, String storeId, String storeName) {}

    public record StoreListOut(List<Dto.StoreOut> stores) {}

    public record ApiKeyOut(String id, String prefix, String createdAt, String revokedAt, boolean active) {}

    public record ApiKeyListOut(List<ApiKeyOut> apiKeys) {}

    /** {@code api_key} is in the first answer only; a replay (same Idempotency-Key) answers without it. */
    public record NewApiKeyOut(String id, String prefix, String apiKey) {
        @Override
        public String toString() {
            return "NewApiKeyOut[" + id + ", key masked]";
        }
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.get("/v1/payments", ctx -> {
            Merchant m = api.merchant(ctx);
            QueryParams q = QueryParams.of(ctx, Set.of("status", "from", "to", "terminal_id", "limit", "after"));
            Optional<PaymentStatus> status = q.text("status").map(s -> {
                try {
                    return PaymentStatus.valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw Problem.invalid("status", "is not one of " + List.of(PaymentStatus.values()));
                }
            });
            Optional<LocalDate> from = q.date("from");
            Optional<LocalDate> to = q.date("to");
            if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) throw Problem.invalid("to", "is before from");
            Optional<TerminalId> terminal = q.text("terminal_id").map(t -> TerminalId.parse(t).orElseThrow(() -> Problem.invalid("terminal_id", "is not a terminal id")));
            int limit = q.integer("limit", 1, tuning.pageSizeMax(), tuning.pageSizeDefault());
            Optional<PaymentId> after = q.text("after").map(a -> PaymentId.parse(a).orElseThrow(() -> Problem.invalid("after", "is not a payment id")));
            var filter = new PaymentQueries.Filter(status, from.map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant()),
                    to.map(d -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()), terminal);
            switch (backoffice.payments(m.id(), filter, after, limit)) {
                case BackofficeService.ListOutcome.Listed l -> Api.json(ctx, 200, new PaymentListOut(
                        l.page().payments().stream().map(Dto.PaymentOut::of).toList(), l.page().next().map(PaymentId::value).orElse(null)));
                case BackofficeService.ListOutcome.UnknownTerminal u -> throw Problem.invalid("terminal_id", "is not one of your terminals");
                case BackofficeService.ListOutcome.UnknownCursor u -> throw Problem.invalid("after", "is not one of your payments");
            }
        });

        r.get("/v1/reports/daily", ctx -> {
            Merchant m = api.merchant(ctx);
            QueryParams q = QueryParams.of(ctx, Set.of("from", "to"));
            LocalDate from = q.requiredDate("from");
            LocalDate to = q.requiredDate("to");
            if (to.isBefore(from)) throw Problem.invalid("to", "is before from");
            if (ChronoUnit.DAYS.between(from, to) >= tuning.reportMaxDays()) throw Problem.invalid("to", "makes the report longer than " + tuning.reportMaxDays() + " days");
            List<DayOut> days = backoffice.dailyVolumes(m.id(), from, to).stream().map(DashboardApi::day).toList();
            Api.json(ctx, 200, new DailyReportOut(from.toString(), to.toString(), days));
        });

        r.get("/v1/reports/settlement.csv", ctx -> {
            Merchant m = api.merchant(ctx);
            LocalDate date = QueryParams.of(ctx, Set.of("date")).requiredDate("date");
            SettlementReport report = backoffice.settlement(m.id(), date);
            ctx.status(200).contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"settlement-" + date + ".csv\"")
                    .result(csv(report));
        });

        r.get("/v1/stores", ctx -> {
            Merchant m = api.merchant(ctx);
            QueryParams.of(ctx, Set.of());
            Api.json(ctx, 200, new StoreListOut(backoffice.stores(m.id()).stream().map(s -> new Dto.StoreOut(s.id().value(), s.name())).toList()));
        });

        r.get("/v1/terminals", ctx -> {
            Merchant m = api.merchant(ctx);
            QueryParams.of(ctx, Set.of());
            Map<String, String> storeNames = backoffice.stores(m.id()).stream().collect(Collectors.toMap(s -> s.id().value(), Store::name));
            Api.json(ctx, 200, new TerminalListOut(backoffice.terminals(m.id()).stream()
                    .map(t -> new TerminalItemOut(t.id().value(), t.store().value(), storeNames.getOrDefault(t.store().value(), ""))).toList()));
        });

        r.get("/v1/api-keys", ctx -> {
            Merchant m = api.merchant(ctx);
            QueryParams.of(ctx, Set.of());
            Api.json(ctx, 200, new ApiKeyListOut(backoffice.apiKeys(m.id()).stream().map(DashboardApi::key).toList()));
        });

        r.post("/v1/api-keys", ctx -> {
            Merchant m = api.merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            // The stored (replayable) response leaves the key out; only this first answer carries it.
            AtomicReference<String> shownOnce = new AtomicReference<>();
            api.mutateAtomically(ctx, m.id().value(), body, () -> {
                if (body.length > 0) Json.read(body, Dto.EmptyIn.class);
                ApiKey key = backoffice.createApiKey(m.id());
                String id = ApiKeyInfo.idOf(key.hash());
                String prefix = key.reveal().substring(0, ApiKeyInfo.DISPLAY_PREFIX_LENGTH);
                shownOnce.set(Json.write(new NewApiKeyOut(id, prefix, key.reveal())));
                return new StoredResponse(201, Json.write(new NewApiKeyOut(id, prefix, null)));
            });
            if (shownOnce.get() != null) ctx.result(shownOnce.get());
        });

        r.post("/v1/api-keys/{id}/revoke", ctx -> {
            Merchant m = api.merchant(ctx);
            String id = ctx.pathParam("id");
            byte[] body = ctx.bodyAsBytes();
            api.mutateAtomically(ctx, m.id().value(), body, () -> {
                if (body.length > 0) Json.read(body, Dto.EmptyIn.class);
                if (!ApiKeyInfo.isWellFormedId(id)) return Api.problemResponse(Problem.of(404, "not-found", "Not found", "no such API key"));
                return switch (backoffice.revokeApiKey(m.id(), id)) {
                    case BackofficeService.RevokeOutcome.Revoked rv -> {
                        api.forgetCachedApiKeys();
                        yield new StoredResponse(200, Json.write(backoffice.apiKeys(m.id()).stream()
                            .filter(k -> k.id().equals(id)).findFirst().map(DashboardApi::key).orElseThrow()));
                    }
                    case BackofficeService.RevokeOutcome.NotFound n -> Api.problemResponse(Problem.of(404, "not-found", "Not found", "no such active API key"));
                    case BackofficeService.RevokeOutcome.LastActiveKey l -> Api.problemResponse(Problem.of(409, "last-api-key", "Last active key",
                            "create another API key before revoking the last active one"));
                };
            });
        });
    }

    private static DayOut day(DailyVolume d) {
        return new DayOut(d.day().toString(), d.approvedAmount().currency().code(), d.approved(), d.declined(), d.approvedAmount().minor(),
                d.approvalRatePerMille() / 1000.0);
    }

    private static ApiKeyOut key(ApiKeyInfo k) {
        return new ApiKeyOut(k.id(), k.displayPrefix().orElse(ApiKey.PREFIX), k.createdAt().toString(),
                k.revokedAt().map(Object::toString).orElse(null), k.active());
    }

    /** RFC 4180 CSV: a header, a line per payment, then a TOTAL line per currency. Amounts in minor units. */
    static String csv(SettlementReport report) {
        StringBuilder b = new StringBuilder("date,payment_id,currency,captured_minor,refunded_minor,fees_minor,net_minor\r\n");
        Function<Object[], String> line = cells -> java.util.Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(",")) + "\r\n";
        for (SettlementLine l : report.lines()) {
            b.append(line.apply(new Object[] {report.day(), l.payment().value(), l.captured().currency().code(), l.captured().minor(),
                    l.refunded().minor(), l.fees().minor(), l.netMinor()}));
        }
        for (SettlementReport.Total t : report.totals()) {
            b.append(line.apply(new Object[] {report.day(), "TOTAL", t.currency(), t.capturedMinor(), t.refundedMinor(), t.feesMinor(), t.netMinor()}));
        }
        return b.toString();
    }
}
