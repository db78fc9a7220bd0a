package org.openpalm.payments.money;

/**
 * The platform fee taken on each capture: a rate in basis points plus a fixed part, never more
 * than the captured amount.
 */
public record FeeSchedule(int rateBasisPoints, long fixedMinor) {
    public static final FeeSchedule DEFAULT = new FeeSchedule(150, 10);

    public FeeSchedule {
        if (rateBasisPoints < 0 || rateBasisPoints > 10_000) throw new IllegalArgumentException("rateBasisPoints out of range");
        if (fixedMinor < 0) throw new IllegalArgumentException("fixedMinor must not be negative");
    }

    /** The fee on a captured amount, rounded half-up, capped at the amount. */
    public Money feeOn(Money captured) {
        long rate = java.math.BigInteger.valueOf(captured.minor())
                .multiply(java.math.BigInteger.valueOf(rateBasisPoints))
                .add(java.math.BigInteger.valueOf(5_000))
                .divide(java.math.BigInteger.valueOf(10_000))
                .longValueExact();
        long fee = Math.min(captured.minor(), Math.addExact(rate, fixedMinor));
        return captured.withMinor(fee);
    }
}
