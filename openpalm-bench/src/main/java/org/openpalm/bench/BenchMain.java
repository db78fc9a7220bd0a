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
            case "entries" -> System.exit(EntriesBench.run(rest));
            case "crash" -> System.exit(CrashBench.run(rest));
            case "failover" -> System.exit(FailoverBench.run(rest));
            case "cluster" -> System.exit(ClusterBench.run(rest));
            case "agreement" -> System.exit(AgreementBench.run(rest));
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
                  identify --gallery N [--probes P] [--seed S] [--protected] [--json]
                                  1:N search latency, add latency, memory and scan bandwidth
                                  on a synthetic gallery of N palms
                  identify --gallery N --nodes K [--partitions P] [--probes P] [--json]
                                  the same on a clustered gallery of K Hazelcast members in this
                                  JVM: latency, memory per palm (index, map primary and backup)
                  authorisations [authorisations=N] [concurrency=C] [--json]
                                  ISO 8583 authorisations/s through our link to the network
                                  simulator over loopback, and codec pack+unpack/s (JSON)
                  payments [--gallery G] [--customers N] [--warmup W] [--payments M] [--concurrency C]
                           [--capture automatic|manual] [--config FILE | --pg-pair] [--json]
                                  end-to-end palm payments over HTTP (create, palm: 1:N in a gallery of
                                  G palms + authorisation and, automatic, capture; manual: a capture
                                  call), after a warm-up until the JIT settles (at most W payments):
                                  payments/s, p50/p99, per-second rates, ledger check
                  entries [--gallery G] [--customers N] [--warmup W] [--entries M] [--concurrency C] [--json]
                                  entries by palm at a gate over HTTP (1:N in a gallery of G palms,
                                  default 100,000; access list of loyalty members and tickets):
                                  entries/s, p50/p99, errors
                  crash [--payments N] [--kills K] [--concurrency C] [--capture mixed|manual|automatic]
                        [--config FILE] [--json]
                                  SIGKILL the server at random moments during N payments, restart it,
                                  retry with the same Idempotency-Keys; check double authorisations,
                                  lost ledger entries, the ledger, the clearing file and unfinished payments
                  failover [--payments N] [--concurrency C] [--promote-after-ms M] [--json]
                                  sales against a private PostgreSQL pair (synchronous standby); the
                                  primary is killed after a third, the standby promoted M ms later;
                                  checks lost approvals, double authorisations, ledger, unavailability
                  cluster [--nodes K] [--payments N] [--kills X] [--enrolments E] [--concurrency C]
                          [--server-heap SIZE] [--config FILE] [--json]
                                  K servers as their own JVMs, one clustered gallery, on PostgreSQL (a fresh
                                  schema; --config gives db.url/db.user, default 127.0.0.1:5432/test):
                                  N payments round robin while a server is SIGKILLed and restarted X times
                                  (default 1); E shoppers enrol meanwhile (found at another server; every
                                  other one then erased and presented at every server); checks double
                                  authorisations, lost ledger entries, wrong identifications, erased palms
                                  found, the ledger; enrol-to-searchable p99, payments/s, p99
                  agreement [--distractors N] [--json] DATASET...
                                  per dataset, on the tuning part and the checking part (the subject split
                                  of evaluate --subjects split): how often the index's coarse-to-fine top
                                  candidate equals exhaustive search's, among N synthetic distractors
                                  (default 10,000), and rank-1 of both
                  jmh [JMH options]  JMH micro-benchmarks (EngineBenchmark: extraction, one comparison,
                                  identification in a protected 10,000-palm gallery;
                                  CaptureBenchmark: 768x576 full-hand capture to template)""");
    }
}
