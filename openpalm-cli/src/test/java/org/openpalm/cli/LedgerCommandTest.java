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
}
