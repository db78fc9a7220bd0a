package org.openpalm.payments.report;

import java.util.Objects;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Money;

/**
 * What one payment moved on the merchant's payable account on a settlement day: captured funds in,
 * refunds and platform fees out. {@code net = captured - refunded - fees} (negative on a day with
 * only a refund).
 */
public record SettlementLine(PaymentId payment, Money captured, Money refunded, Money fees) {
    public SettlementLine {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(captured, "captured");
        Objects.requireNonNull(refunded, "refunded");
        Objects.requireNonNull(fees, "fees");
    }

    /** Net minor units; may be negative, which {@link Money} cannot hold. */
    public long netMinor() {
        return captured.minor() - refunded.minor() - fees.minor();
    }
}
