package org.openpalm.payments.service;

/**
 * Tuning of the back office (terminal pages, dashboard, console).
 *
 * @param pendingPaymentMaxAgeSeconds a payment the till created longer ago than this is no longer
 *                                    offered to its terminal (an abandoned sale does not reappear)
 */
public record BackofficeConfig(long pendingPaymentMaxAgeSeconds) {
    public static final BackofficeConfig DEFAULT = new BackofficeConfig(15 * 60);

    public BackofficeConfig {
        if (pendingPaymentMaxAgeSeconds < 1) throw new IllegalArgumentException("pendingPaymentMaxAgeSeconds must be positive");
    }
}
