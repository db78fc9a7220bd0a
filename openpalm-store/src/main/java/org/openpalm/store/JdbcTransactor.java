package org.openpalm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.openpalm.payments.Transactor;

/**
 * Transactions on a thread-bound connection: repositories called inside {@link #inTransaction}
 * share its connection; outside one, each call uses its own auto-commit connection. Nested calls
 * join the outer transaction.
 */
public final class JdbcTransactor implements Transactor {
    /** A JDBC step that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A JDBC step with no result. */
    @FunctionalInterface
    public interface SqlStep {
        void apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final DataSource bookkeeping;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public JdbcTransactor(DataSource dataSource) {
        this(dataSource, dataSource);
    }

    /** {@code bookkeeping}: connections whose commits do not wait for the log flush ({@link Database#bookkeepingDataSource()}). */
    public JdbcTransactor(DataSource dataSource, DataSource bookkeeping) {
        this.dataSource = dataSource;
        this.bookkeeping = bookkeeping;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return inTransaction(work, false);
    }

    @Override
    public <T> T inBookkeepingTransaction(Supplier<T> work) {
        return inTransaction(work, true);
    }

    private <T> T inTransaction(Supplier<T> work, boolean relaxed) {
        if (current.get() != null) return work.get();
        try (Connection c = (relaxed ? bookkeeping : dataSource).getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            try {
                T result = work.get();
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                current.remove();
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * A failed transaction is rolled back; if the connection itself is gone (the database died, a
     * failover), the rollback fails too and the original failure is the one worth reporting.
     */
    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }

    /** Back to auto-commit for the pool; a broken connection (already evicted by the pool) is left as it is. */
    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) c.setAutoCommit(true);
        } catch (SQLException broken) {
            // the pool discards a broken connection; nothing to restore
        }
    }

    /** Runs one step on the current transaction's connection, or on a fresh auto-commit one. */
    public <T> T run(SqlWork<T> work) {
        Connection c = current.get();
        try {
            if (c != null) return work.apply(c);
            try (Connection own = dataSource.getConnection()) {
                return work.apply(own);
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /** Like {@link #run}, for steps without a result. */
    public void exec(SqlStep step) {
        run(c -> {
            step.apply(c);
            return Boolean.TRUE;
        });
    }

    /** One INSERT, UPDATE or DELETE: its update count. */
    int update(String sql, Object... params) {
        return run(c -> {
            try (var ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    /** One SELECT: its rows, mapped. */
    <T> java.util.List<T> query(String sql, Sql.RowMapper<T> mapper, Object... params) {
        return run(c -> {
            try (var ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                return Sql.list(ps, mapper);
            }
        });
    }

    /**
     * As {@link #runAlone}, on a bookkeeping connection: its commit does not wait for the log
     * flush ({@link #inBookkeepingTransaction}).
     */
    public <T> T runAloneBookkeeping(SqlWork<T> work) {
        try (Connection own = bookkeeping.getConnection()) {
            return work.apply(own);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * Inside this thread's transaction, joins it; alone, one auto-commit statement on a bookkeeping
     * connection (its commit does not wait for the log flush): no BEGIN and COMMIT round trips for
     * a single write.
     */
    public <T> T runBookkeeping(SqlWork<T> work) {
        return current.get() != null ? run(work) : runAloneBookkeeping(work);
    }

    /** Runs on a fresh auto-commit connection, outside any transaction of this thread. */
    public <T> T runAlone(SqlWork<T> work) {
        try (Connection own = dataSource.getConnection()) {
            return work.apply(own);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }
}
