package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LedgerCommandTest {
    @TempDir
    Path dir;

    @Test
    void ledgerCheckOnAFreshDatabaseIsClean() throws Exception {
        Path config = dir.resolve("openpalm.properties");
        Files.writeString(config, "db.url=jdbc:h2:mem:cli" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1\ndb.user=sa\ndata.dir=" + dir.resolve("data") + "\n");
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("ledger", "check", "--config", config.toString())).as(err.toString()).isZero();
    }

    @Test
    void unknownConfigKeysAreRefused() throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "http.prot=8080\n");
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("ledger", "check", "--config", config.toString())).isNotZero();
    }

    @Test
    void reconcileAgreesAfterPaymentsAndListsAHandMadeDifference() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("openpalm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Path config = dir.resolve("openpalm.properties");
        Files.writeString(config, "db.url=" + url + "\ndb.user=sa\ndata.dir=" + dir.resolve("data") + "\n");
        org.openpalm.server.ServerConfig c = org.openpalm.server.ConfigLoader.load(java.util.Optional.of(config), java.util.Map.of());
        Path clearing = dir.resolve("clearing");
        try (var db = org.openpalm.store.Database.open(c.effectiveDatabase())) {
            var f = new org.openpalm.payments.testing.PaymentsFixture(org.openpalm.store.JdbcStorage.over(db,
                    org.openpalm.store.FileKeyProvider.openOrCreate(c.effectiveKeyFile())));
            f.enrol(1);
            var merchant = f.merchant.merchant().id();
            for (int i = 0; i < 3; i++) {
                var p = ((org.openpalm.payments.service.PaymentService.CreateOutcome.Created) f.payments.create(merchant, f.terminal.id(),
                        org.openpalm.payments.money.Money.of(1_000 + i, "EUR"))).payment();
                f.payments.presentPalm(f.terminal.id(), p.id(), org.openpalm.payments.testing.PaymentsFixture.probe(1), java.util.Optional.empty());
                if (i == 2) {
                    f.payments.voidPayment(merchant, p.id());
                } else {
                    f.payments.capture(merchant, p.id(), java.util.Optional.empty());
                    f.payments.refund(merchant, p.id(), org.openpalm.payments.ids.RefundId.random(), org.openpalm.payments.money.Money.of(100, "EUR"));
                }
            }
            // What the network cleared, written as its daily file.
            f.network.clearedRecords().forEach(r -> org.openpalm.payments.reconcile.ClearingFile.append(clearing, r));
        }
        assertThat(run("ledger", "reconcile", "--clearing", clearing.toString(), "--config", config.toString()))
                .satisfies(r -> assertThat(r.exit()).as(r.out()).isZero())
                .satisfies(r -> assertThat(r.out()).contains("5 network records").contains("the network and the ledger agree"));

        // A refund the network paid out that the ledger never saw.
        Path file;
        try (var files = Files.list(clearing)) {
            file = files.findFirst().orElseThrow();
        }
        String forged = java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ",inprocess,REFUND,ip-ref-forged,000000000000,1000,EUR,"
                + java.time.Instant.now() + "\n";
        Files.writeString(file, forged, java.nio.file.StandardOpenOption.APPEND);
        assertThat(run("ledger", "reconcile", "--clearing", file.toString(), "--config", config.toString()))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
                .satisfies(r -> assertThat(r.out()).contains("DIFFERENCE network REFUND ip-ref-forged of 1000 EUR").contains("1 difference(s)"));
    }

    record Run(int exit, String out) {}

    private static Run run(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new OpenPalmCommand());
            cli.setErr(new PrintWriter(new StringWriter()));
            int exit = cli.execute(args);
            return new Run(exit, bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
