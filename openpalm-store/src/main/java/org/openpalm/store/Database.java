package org.openpalm.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A migrated, pooled database. Close it to close the pool. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    /** Bookkeeping connections: see {@link #bookkeepingDataSource()}; the main pool itself on H2. */
    private final java.util.Optional<HikariDataSource> bookkeeping;
    private final DatabaseConfig config;

    private Database(HikariDataSource dataSource, java.util.Optional<HikariDataSource> bookkeeping, DatabaseConfig config) {
        this.dataSource = dataSource;
        this.bookkeeping = bookkeeping;
        this.config = config;
    }

    /** Opens the pool and applies the migrations. */
    public static Database open(DatabaseConfig config) {
        String vendor = config.isPostgres() ? "postgresql" : "h2";
        var flyway = Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .createSchemas(true);
        config.schema().ifPresent(s -> flyway.schemas(s).defaultSchema(s));
        flyway.load().migrate();

        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeoutMillis());
        hikari.setPoolName("openpalm");
        config.schema().ifPresent(hikari::setSchema);
        java.util.Optional<HikariDataSource> bookkeeping = java.util.Optional.empty();
        if (config.isPostgres()) {
            HikariConfig relaxed = new HikariConfig();
            hikari.copyStateTo(relaxed); // before the main pool seals its configuration
            relaxed.setPoolName("openpalm-bookkeeping");
            relaxed.setMaximumPoolSize(Math.max(2, config.maxPoolSize() / 2));
            // Commits on these connections do not wait for the WAL flush (PostgreSQL docs, 20.5.1
            // "synchronous_commit"): set once per connection, so no statement is added per use.
            relaxed.setConnectionInitSql("SET synchronous_commit TO off");
            bookkeeping = java.util.Optional.of(new HikariDataSource(relaxed));
        }
        return new Database(new HikariDataSource(hikari), bookkeeping, config);
    }

    /**
     * A read-only pool on a standby (no migrations: the primary applies them and the standby
     * replays them). Its reads may lag the primary by the standby's replay delay.
     */
    public static Database openForReads(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeoutMillis());
        hikari.setReadOnly(true);
        hikari.setPoolName("openpalm-reads");
        hikari.setInitializationFailTimeout(-1); // a standby still starting must not keep the server from starting: reports wait for it
        config.schema().ifPresent(hikari::setSchema);
        return new Database(new HikariDataSource(hikari), java.util.Optional.empty(), config);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Connections for bookkeeping ({@link org.openpalm.payments.Transactor#inBookkeepingTransaction}):
     * on PostgreSQL a pool of its own whose commits do not wait for the write-ahead log flush; on
     * H2 the main pool.
     */
    public DataSource bookkeepingDataSource() {
        return bookkeeping.<DataSource>map(b -> b).orElse(dataSource);
    }

    public DatabaseConfig config() {
        return config;
    }

    /** True when a connection can be had and answers (readiness). */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        bookkeeping.ifPresent(HikariDataSource::close);
        dataSource.close();
    }
}
