package org.openpalm.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database to run repository tests against: H2 (always) and PostgreSQL. Each {@link #open()}
 * makes a private database (H2) or schema (PostgreSQL), so parallel runs never clash.
 *
 * <p>PostgreSQL is at {@code OPENPALM_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}). When it cannot be reached
 * the test FAILS if {@code CI=true}, and is skipped with a visible message otherwise. Tests of
 * other modules reach it through this module's test jar ({@link #postgres}, {@link #dropSchema}).
 */
public record TestDatabase(String name) {
    static final String POSTGRES_URL = Optional.ofNullable(System.getenv("OPENPALM_TEST_POSTGRES_URL"))
            .filter(s -> !s.isBlank()).orElse("jdbc:postgresql://127.0.0.1:5432/test");
    static final String POSTGRES_USER = Optional.ofNullable(System.getenv("OPENPALM_TEST_POSTGRES_USER")).orElse("postgres");
    static final String POSTGRES_PASSWORD = Optional.ofNullable(System.getenv("OPENPALM_TEST_POSTGRES_PASSWORD")).orElse("");

    public static Stream<TestDatabase> all() {
        return Stream.of(new TestDatabase("h2"), new TestDatabase("postgresql"));
    }

    @Override
    public String toString() {
        return name;
    }

    /** A fresh, migrated database; closing it drops what it created. */
    public Opened open() {
        if (name.equals("h2")) {
            return new Opened(Database.open(DatabaseConfig.inMemory("t" + UUID.randomUUID().toString().replace("-", ""))), Optional.empty());
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        return new Opened(Database.open(postgres(schema, 4)), Optional.of(schema));
    }

    /**
     * The test PostgreSQL with {@code schema} (created by the migrations when opened); fails the
     * test when it cannot be reached and {@code CI=true}, skips it visibly otherwise.
     */
    public static DatabaseConfig postgres(String schema, int maxPoolSize) {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD)) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true requires it (set OPENPALM_TEST_POSTGRES_URL)");
            }
            System.err.println("SKIPPED: " + message + "; set OPENPALM_TEST_POSTGRES_URL to run these tests");
            Assumptions.abort(message);
        }
        return new DatabaseConfig(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD, Optional.of(schema), maxPoolSize, 5_000);
    }

    /** Drops a schema a test made on the test PostgreSQL. */
    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
             var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new StoreException("could not drop test schema " + schema, e);
        }
    }

    /** An open test database. */
    public record Opened(Database database, Optional<String> schema) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            schema.ifPresent(TestDatabase::dropSchema);
        }
    }
}
