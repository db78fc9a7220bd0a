package org.openpalm.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2 trigger refusing UPDATE and DELETE on the ledger journal (PostgreSQL uses a PL/pgSQL trigger). */
public final class AppendOnlyTrigger implements Trigger {
    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("ledger_transfers is append-only", "P0001");
    }
}
