package org.openpalm.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.audit.AuditVerification;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcPrivacyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openpalm audit verify}: checks the hash chain of the personal-data audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit log tools.", subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes every entry's hash and link and compares the end of the chain with the recorded head. "
                    + "Prints the first bad seq of an edited or removed entry. Exit 0 when intact, 1 otherwise.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "the server's properties file")
        Path config;

        @Override
        public Integer call() {
            ServerConfig c = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
            try (Database db = Database.open(c.effectiveDatabase())) {
                AuditLog log = JdbcPrivacyStorage.auditLog(db);
                return switch (log.verify()) {
                    case AuditVerification.Intact i -> {
                        System.out.printf("audit log intact: %d entries, head %s%n", i.entries(), log.head().hash());
                        yield 0;
                    }
                    case AuditVerification.Broken b -> {
                        System.out.printf("audit log BROKEN at seq %d: %s%n", b.firstBadSeq(), b.reason());
                        yield 1;
                    }
                };
            }
        }
    }
}
