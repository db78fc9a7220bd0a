package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import java.util.Locale;
import org.openpalm.payments.insights.AdvertiserExport;
import org.openpalm.payments.insights.InsightsCalculator;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.privacy.PrivacyRepository;

/**
 * Shopping insights for merchants (bearer API key), over the approved palm payments of customers
 * who consented to shopping insights; nobody else is ever read.
 *
 * <ul>
 *   <li>{@code GET /v1/insights}: repeat-visit rate, visit frequency, basket size (mean, median),
 *       visits by hour (UTC) and day of week, cohort retention by month of first visit
 *   <li>{@code GET /v1/insights/export?format=json|csv}: the advertiser export: counts per group,
 *       no identifiers, every group under k = 20 distinct customers suppressed
 * </ul>
 */
public final class InsightsApi {
    private final Api api;
    private final PrivacyRepository privacy;
    private final InsightsCalculator calculator;

    public InsightsApi(Api api, PrivacyRepository privacy, InsightsCalculator calculator) {
        this.api = api;
        this.privacy = privacy;
        this.calculator = calculator;
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.get("/v1/insights", ctx -> {
            Merchant m = api.merchant(ctx);
            ctx.header("Cache-Control", "no-store");
            Api.json(ctx, 200, PrivacyDto.InsightsOut.of(calculator.merchantInsights(privacy.consentedVisits(m.id()))));
        });

        r.get("/v1/insights/export", ctx -> {
            Merchant m = api.merchant(ctx);
            String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format").strip().toLowerCase(Locale.ROOT);
            if (!format.equals("json") && !format.equals("csv")) throw Problem.invalid("format", "must be json or csv");
            AdvertiserExport export = calculator.advertiserExport(privacy.consentedVisits(m.id()));
            if (format.equals("json")) {
                Api.json(ctx, 200, PrivacyDto.AdvertiserExportOut.of(export));
                return;
            }
            StringBuilder csv = new StringBuilder("dimension,bucket,customers,visits\r\n");
            for (AdvertiserExport.Row row : export.rows()) {
                csv.append(row.dimension()).append(',').append(row.bucket()).append(',').append(row.customers()).append(',').append(row.visits()).append("\r\n");
            }
            ctx.header("Content-Disposition", "attachment; filename=\"insights-k" + export.k() + ".csv\"");
            ctx.status(200).contentType("text/csv; charset=utf-8").result(csv.toString());
        });
    }
}
