package org.openpalm.bench;

import java.util.Arrays;

/**
 * {@code ./openpalm bench ...}: {@code payments} (HTTP load with ledger check), {@code crash}
 * (kill -9 the server under load, restart, verify), anything else goes to JMH.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "payments" -> System.exit(PaymentsBench.run(rest));
            case "crash" -> System.exit(CrashBench.run(rest));
            case "-h", "--help", "help" -> {
                System.out.println("""
                        openpalm bench payments [--customers N] [--payments M] [--concurrency C] [--config FILE]
                            HTTP load: enrol N customers, M palm payments (create, palm, capture), latency percentiles, ledger check.
                        openpalm bench crash [--rounds R] [--concurrency C] [--config FILE]
                            kill -9 the server under load R times, restart it, retry in-flight requests with their
                            Idempotency-Keys, then check the ledger and that no payment was duplicated.
                        openpalm bench <JMH options>
                            JMH micro-benchmarks.""");
            }
            default -> org.openjdk.jmh.Main.main(args);
        }
    }
}
