package org.openpalm.server.http;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Recognises a database too busy to answer now, as opposed to a fault: no pooled connection within
 * the timeout (Hikari's {@code SQLTransientConnectionException}), a lock or statement timeout, a
 * deadlock or serialization victim, a lost connection. Such a request is answered 503 with
 * Retry-After: retrying it later with the same Idempotency-Key is the right thing to do.
 */
final class BusyDatabase {
    /**
     * SQLSTATEs of PostgreSQL ({@code 55P03} lock_not_available, {@code 57014} query_canceled by a
     * statement timeout, {@code 40001} serialization_failure, {@code 40P01} deadlock_detected,
     * {@code 53300} too_many_connections) and H2 ({@code HYT00} lock timeout, {@code 40001} deadlock);
     * and of a failover: {@code 57P01} admin_shutdown, {@code 57P02} crash_shutdown, {@code 57P03}
     * cannot_connect_now (the primary going down or the standby still starting), {@code 25006}
     * read_only_sql_transaction (a connection that reached the standby before its promotion).
     */
    private static final Set<String> BUSY_STATES = Set.of("55P03", "57014", "40001", "40P01", "53300", "HYT00",
            "57P01", "57P02", "57P03", "25006");

    private BusyDatabase() {}

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException) return true;
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (BUSY_STATES.contains(state) || state.startsWith("08")) return true;
            }
        }
        return false;
    }
}
