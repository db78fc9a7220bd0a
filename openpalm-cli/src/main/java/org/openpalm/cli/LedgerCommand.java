package org.openpalm.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openpalm ledger check}: verifies the journal balances and agrees with the payments. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Ledger tools.", subcommands = LedgerCommand.Check.class)
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
                LedgerReport report = new LedgerAudit(JdbcStorage.over(db, c.openKeys())).check();
                System.out.printf("ledger: %d transfers, %d accounts, %d payments%n", report.transfers(), report.accounts(), report.payments());
                report.problems().forEach(p -> System.out.println("PROBLEM " + p));
                System.out.println(report.ok() ? "ledger OK" : "ledger has " + report.problems().size() + " problem(s)");
                return report.ok() ? 0 : 1;
            }
        }
    }
}
