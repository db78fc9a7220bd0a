package org.openpalm.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.reconcile.ClearingFile;
import org.openpalm.payments.reconcile.ClearingRecord;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openpalm ledger check}: verifies the journal balances and agrees with the payments. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Ledger tools.",
        subcommands = {LedgerCommand.Check.class, LedgerCommand.Reconcile.class})
public final class LedgerCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks every transfer balances, pending transfers resolve at most once, and the journal matches the payments. Exit 0 when clean, 1 otherwise.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "the server's properties file")
        Path config;

        @Override
        public Integer call() {
            ServerConfig c = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
            try (Database db = Database.open(c.effectiveDatabase())) {
                Storage storage = JdbcStorage.over(db, c.openKeys());
                LedgerReport report = new LedgerAudit(storage, Optional.of(org.openpalm.store.JdbcLoyaltyStore.over(storage))).check();
                System.out.printf("ledger: %d transfers, %d accounts, %d payments%n", report.transfers(), report.accounts(), report.payments());
                report.problems().forEach(p -> System.out.println("PROBLEM " + p));
                System.out.println(report.ok() ? "ledger OK" : "ledger has " + report.problems().size() + " problem(s)");
                return report.ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = "Matches the card network's clearing file(s) against the ledger: every network record has its ledger movement "
                    + "and every ledger capture, void and refund its network record. Lists each difference; exit 0 when none, 1 otherwise.")
    static final class Reconcile implements Callable<Integer> {
        @Option(names = "--clearing", required = true, paramLabel = "FILE", arity = "1..*",
                description = "a clearing file (clearing-<acquirer>-<date>.csv) or a folder of them; repeatable")
        List<Path> clearing;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "only this UTC day's records and ledger movements")
        Optional<LocalDate> date;

        @Option(names = "--config", paramLabel = "FILE", description = "the server's properties file")
        Path config;

        @Override
        public Integer call() {
            ServerConfig c = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
            List<ClearingRecord> records = new ArrayList<>();
            for (Path p : clearing) records.addAll(ClearingFile.read(p));
            try (Database db = Database.open(c.effectiveDatabase())) {
                Storage storage = JdbcStorage.over(db, c.openKeys());
                Reconciliation.Report report = storage.transactor().inTransaction(() -> Reconciliation.reconcile(records,
                        storage.payments().allMovements(), storage.journal().allTransfers(), date == null ? Optional.empty() : date));
                System.out.printf("reconcile: %d network records, %d accepted movements, %d ledger captures, voids and refunds%n",
                        report.records(), report.movements(), report.ledgerTransfers());
                report.differences().forEach(d -> System.out.println("DIFFERENCE " + d.describe()));
                System.out.println(report.ok() ? "reconciled: the network and the ledger agree"
                        : report.differences().size() + " difference(s) between the network and the ledger");
                return report.ok() ? 0 : 1;
            }
        }
    }
}
