package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.store.Database;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.TestDatabase;
import org.openpalm.store.JdbcPrivacyStorage;
import picocli.CommandLine;

/**
 * {@code openpalm audit verify} on H2 and PostgreSQL: intact, then rows edited or deleted directly
 * in SQL after dropping the append-only triggers, as someone with database access could.
 */
class AuditCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out) {}

    private Result verify(Path config) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new OpenPalmCommand());
            cli.setErr(new PrintWriter(new StringWriter()));
            int exit = cli.execute("audit", "verify", "--config", config.toString());
            return new Result(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    /** A database holding five audit entries, and a config file pointing at it. */
    private record Prepared(Path config, DatabaseConfig database, boolean postgres) {}

    private Prepared prepare(String kind, String name) throws Exception {
        DatabaseConfig db;
        String properties;
        if (kind.equals("postgresql")) {
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            db = TestDatabase.postgres(schema, 2);
            properties = "db.url=" + db.jdbcUrl() + "\ndb.user=" + db.user() + "\ndb.password=" + db.password() + "\ndb.schema=" + schema + "\n";
        } else {
            String url = "jdbc:h2:mem:audit" + UUID.randomUUID().toString().replace("-", "") + DatabaseConfig.H2_OPTIONS + ";DB_CLOSE_DELAY=-1";
            db = new DatabaseConfig(url, "sa", "", Optional.empty(), 2, 5_000);
            properties = "db.url=" + url + "\ndb.user=sa\n";
        }
        Path config = dir.resolve(name + ".properties");
        Files.writeString(config, properties + "data.dir=" + dir.resolve("data") + "\n");
        try (Database open = Database.open(db)) {
            var log = JdbcPrivacyStorage.auditLog(open);
            for (int i = 1; i <= 5; i++) log.append(new AuditEvent("admin", AuditAction.DATA_EXPORTED, "cus_" + i, "export " + i), Instant.now());
        }
        return new Prepared(config, db, kind.equals("postgresql"));
    }

    private static void sql(Prepared p, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.database().jdbcUrl(), p.database().user(), p.database().password());
             var st = c.createStatement()) {
            if (p.postgres()) st.execute("SET search_path TO " + p.database().schema().orElseThrow());
            for (String s : statements) st.execute(s);
        }
    }

    private static void dropTriggers(Prepared p) throws SQLException {
        if (p.postgres()) sql(p, "DROP TRIGGER audit_log_no_change ON audit_log");
        else sql(p, "DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete");
    }

    private static void cleanUp(Prepared p) {
        if (p.postgres()) TestDatabase.dropSchema(p.database().schema().orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void verifyFindsTheFirstEditedOrRemovedEntry(String kind) throws Exception {
        Prepared edited = prepare(kind, "edited");
        Prepared middle = prepare(kind, "middle");
        Prepared last = prepare(kind, "last");
        try {
            Result intact = verify(edited.config());
            assertThat(intact.exit()).as(intact.out()).isZero();
            assertThat(intact.out()).contains("audit log intact: 5 entries");

            // with the trigger in place the database refuses the edit
            try {
                sql(edited, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3");
                throw new AssertionError("the append-only trigger let an UPDATE through");
            } catch (SQLException refused) {
                assertThat(refused.getMessage()).contains("append-only");
            }

            dropTriggers(edited);
            sql(edited, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3");
            Result afterEdit = verify(edited.config());
            assertThat(afterEdit.exit()).isEqualTo(1);
            assertThat(afterEdit.out()).contains("BROKEN at seq 3");

            dropTriggers(middle);
            sql(middle, "DELETE FROM audit_log WHERE seq = 2");
            Result afterDelete = verify(middle.config());
            assertThat(afterDelete.exit()).isEqualTo(1);
            assertThat(afterDelete.out()).contains("BROKEN at seq 2");

            dropTriggers(last);
            sql(last, "DELETE FROM audit_log WHERE seq = 5");
            Result afterTail = verify(last.config());
            assertThat(afterTail.exit()).isEqualTo(1);
            assertThat(afterTail.out()).contains("BROKEN at seq 5");
        } finally {
            cleanUp(edited);
            cleanUp(middle);
            cleanUp(last);
        }
    }
}
