package org.openpalm.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2 trigger refusing UPDATE and DELETE on an append-only table (PostgreSQL uses PL/pgSQL triggers). */
public final class AppendOnlyTrigger implements Trigger {
    private String table = "this table";

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(table + " is append-only", "P0001");
    }
}
