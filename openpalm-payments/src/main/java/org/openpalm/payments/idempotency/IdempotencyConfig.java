package org.openpalm.payments.idempotency;

/**
 * Idempotency keys.
 *
 * @param retentionHours          how long keys are kept; at least 24 hours
 * @param inProgressLeaseSeconds  a claim unfinished for this long is taken to be abandoned (its
 *                                process crashed) and may be taken over by a retry; longer than
 *                                any request can run
 */
public record IdempotencyConfig(long retentionHours, long inProgressLeaseSeconds) {
    public static final IdempotencyConfig DEFAULT = new IdempotencyConfig(48, 120);

    public IdempotencyConfig {
        if (retentionHours < 24) throw new IllegalArgumentException("retentionHours must be at least 24");
        if (inProgressLeaseSeconds < 1) throw new IllegalArgumentException("inProgressLeaseSeconds must be positive");
    }
}
