package org.openpalm.server.http;

/**
 * Tuning of the HTTP routes the browser pages use.
 *
 * @param longPollMaxSeconds     longest {@code wait_seconds} a terminal may ask for (below common proxy idle timeouts)
 * @param longPollIntervalMillis how often a waiting long poll looks for a new payment
 * @param pageSizeMax            most payments in one listing page
 * @param pageSizeDefault        payments in a page when {@code limit} is absent
 * @param reportMaxDays          longest span of a daily report
 */
public record WebApiConfig(int longPollMaxSeconds, long longPollIntervalMillis, int pageSizeMax, int pageSizeDefault, int reportMaxDays) {
    public static final WebApiConfig DEFAULT = new WebApiConfig(25, 250, 200, 50, 366);

    public WebApiConfig {
        if (longPollMaxSeconds < 0) throw new IllegalArgumentException("longPollMaxSeconds must not be negative");
        if (longPollIntervalMillis < 1) throw new IllegalArgumentException("longPollIntervalMillis must be positive");
        if (pageSizeMax < 1 || pageSizeDefault < 1 || pageSizeDefault > pageSizeMax) throw new IllegalArgumentException("page sizes must be 1 <= default <= max");
        if (reportMaxDays < 1) throw new IllegalArgumentException("reportMaxDays must be positive");
    }
}
