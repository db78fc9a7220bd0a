package org.openpalm.bench;

import java.util.Arrays;

/**
 * Entry point of the bench jar ({@code ./openpalm bench <subcommand> ...}). One case per
 * subcommand; add new ones here.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "identify" -> IdentifyBench.main(rest);
            case "authorisations" -> AuthorisationBench.run(rest);
            case "payments" -> System.exit(PaymentsBench.run(rest));
            case "crash" -> System.exit(CrashBench.run(rest));
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "help", "--help", "-h" -> usage();
            default -> {
                System.err.println("bench: unknown subcommand '" + args[0] + "'");
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: openpalm bench <subcommand> [options]
                  identify --gallery N [--probes P] [--seed S] [--json]
                                  1:N search latency, add latency, memory and scan bandwidth
                                  on a synthetic gallery of N palms
                  authorisations [authorisations=N] [concurrency=C] [--json]
                                  ISO 8583 authorisations/s through our link to the network
                                  simulator over loopback, and codec pack+unpack/s (JSON)
                  payments [--customers N] [--payments M] [--concurrency C] [--config FILE]
                                  HTTP load: enrol N customers, M palm payments (create, palm,
                                  capture), latency percentiles, ledger check
                  crash [--rounds R] [--concurrency C] [--config FILE]
                                  kill -9 the server under load R times, restart it, retry in-flight
                                  requests with their Idempotency-Keys, check ledger and duplicates
                  jmh [JMH options]  JMH micro-benchmarks (EngineBenchmark: extraction, one comparison;
                                  CaptureBenchmark: 768x576 full-hand capture to template)""");
    }
}
