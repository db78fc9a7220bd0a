package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.JdbcStorage;
import picocli.CommandLine;

/** {@code openpalm privacy rotate-key}: every stored template renewed under a new key, none re-enrolled. */
class PrivacyRotateKeyCommandTest {
    @TempDir
    Path dir;

    @Test
    void rotateKeyReprotectsEveryStoredTemplate() throws Exception {
        Path config = dir.resolve("openpalm.properties");
        Files.writeString(config, "db.url=jdbc:h2:mem:rot" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1\ndb.user=sa\ndata.dir="
                + dir.resolve("data") + "\n");
        ServerConfig c = ConfigLoader.load(Optional.of(config), java.util.Map.of());
        try (Database db = Database.open(c.effectiveDatabase())) {
            FileKeyProvider before = FileKeyProvider.openOrCreate(c.effectiveKeyFile());
            PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(db, before));
            f.enrol(1);
            f.enrol(2);
            List<EnrolledPalm> palms = f.ports.palms().allPalms();
            int templates = palms.stream().mapToInt(p -> p.templates().size()).sum();

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new OpenPalmCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute("privacy", "rotate-key", "--config", config.toString())).as(err.toString()).isZero();

            FileKeyProvider after = FileKeyProvider.openOrCreate(c.effectiveKeyFile());
            assertThat(after.currentProtection().id()).isNotEqualTo(before.currentProtection().id());
            assertThat(out.toString()).contains(before.currentProtection().id() + " -> " + after.currentProtection().id())
                    .contains(templates + " templates re-protected");
            try (Connection conn = db.dataSource().getConnection(); var st = conn.createStatement();
                 var rs = st.executeQuery("SELECT DISTINCT protection_key_id FROM palm_templates")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(after.currentProtection().id());
                assertThat(rs.next()).isFalse();
            }
            assertThat(JdbcStorage.over(db, after).palms().allPalms()).isEqualTo(palms);
        }
    }
}
