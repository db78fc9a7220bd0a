package org.openpalm.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is and how the pool is sized.
 *
 * @param jdbcUrl                 {@code jdbc:postgresql://...} or {@code jdbc:h2:...}
 * @param schema                  schema to use (created by the migrations when absent); empty for the default
 * @param maxPoolSize             connections in the pool
 * @param connectionTimeoutMillis how long to wait for a pooled connection
 * @param readUrl                 where read-only reports may go (a standby: {@code targetServerType=preferSecondary});
 *                                same user, password and schema; empty: the reports read {@code jdbcUrl}
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, Optional<String> schema, int maxPoolSize,
                             long connectionTimeoutMillis, Optional<String> readUrl) {
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("only PostgreSQL and H2 are supported: " + jdbcUrl.replaceAll("password=[^&;]*", "password=****"));
        }
        if (maxPoolSize < 1) throw new IllegalArgumentException("maxPoolSize must be positive");
        if (connectionTimeoutMillis < 250) throw new IllegalArgumentException("connectionTimeoutMillis must be at least 250");
        Objects.requireNonNull(readUrl, "readUrl");
        if (readUrl.isPresent() && !readUrl.get().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("db.readUrl must be a PostgreSQL URL (a standby of db.url)");
        }
    }

    /** Reports read the database they write. */
    public DatabaseConfig(String jdbcUrl, String user, String password, Optional<String> schema, int maxPoolSize, long connectionTimeoutMillis) {
        this(jdbcUrl, user, password, schema, maxPoolSize, connectionTimeoutMillis, Optional.empty());
    }

    /** The database read-only reports use, when {@link #readUrl} is set. */
    public Optional<DatabaseConfig> forReads() {
        return readUrl.map(url -> new DatabaseConfig(url, user, password, schema, maxPoolSize, connectionTimeoutMillis));
    }

    /** Options that make H2 behave like PostgreSQL for the shared migrations. */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /**
     * An embedded H2 database in a file under {@code directory}. WRITE_DELAY=0 writes every commit
     * to the file at once: an acknowledged payment survives the process being killed.
     */
    public static DatabaseConfig embedded(Path directory) {
        return new DatabaseConfig("jdbc:h2:file:" + directory.toAbsolutePath().resolve("openpalm") + H2_OPTIONS + ";WRITE_DELAY=0", "sa", "",
                Optional.empty(), 10, 5_000);
    }

    /** A private in-memory H2 database (tests). */
    public static DatabaseConfig inMemory(String name) {
        return new DatabaseConfig("jdbc:h2:mem:" + name + H2_OPTIONS + ";DB_CLOSE_DELAY=-1", "sa", "", Optional.empty(), 10, 5_000);
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl.replaceAll("password=[^&;]*", "password=****") + ", user=" + user + ", schema=" + schema.orElse("default")
                + readUrl.map(u -> ", reads " + u.replaceAll("password=[^&;]*", "password=****")).orElse("") + "]";
    }
}
