package org.openpalm.payments.idempotency;

/** How long keys are kept; at least 24 hours. */
public record IdempotencyConfig(long retentionHours) {
    public static final IdempotencyConfig DEFAULT = new IdempotencyConfig(48);

    public IdempotencyConfig {
        if (retentionHours < 24) throw new IllegalArgumentException("retentionHours must be at least 24");
    }
}
