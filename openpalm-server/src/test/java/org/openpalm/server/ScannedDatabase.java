package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.TestDatabase;

/**
 * A database for the tests that scan every value of every table for data that must not be there
 * (erased templates, plain phone numbers): an embedded H2 file database ({@code "h2-file"}) or a
 * fresh PostgreSQL schema ({@code "postgresql"}, dropped on close).
 *
 * @param schema the schema the server's tables are in
 */
record ScannedDatabase(DatabaseConfig config, String schema, boolean postgres) implements AutoCloseable {
    static ScannedDatabase of(String kind, Path dataDir) {
        if (kind.equals("postgresql")) {
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            return new ScannedDatabase(TestDatabase.postgres(schema, 4), schema, true);
        }
        return new ScannedDatabase(DatabaseConfig.embedded(dataDir.resolve("db")), "public", false);
    }

    /** Every value of every column of every table of the schema, as text (bytes as ISO-8859-1 and hex). */
    List<String> everyValue(TestServer s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.server.database().dataSource().getConnection(); var st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) if (schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).contains("customers", "palm_templates", "palm_enrolments", "payments", "audit_log", "idempotency_keys");
            for (String table : tables) {
                try (var rs = st.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof byte[] b) out.add(new String(b, StandardCharsets.ISO_8859_1) + " " + HexFormat.of().formatHex(b));
                            else if (v != null) out.add(v.toString());
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (postgres) TestDatabase.dropSchema(schema);
    }
}
