package org.openpalm.store;

import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.privacy.PrivacyPorts;
import org.openpalm.payments.service.Storage;

/** The JDBC implementations of the privacy, audit and portal ports. */
public final class JdbcPrivacyStorage {
    private JdbcPrivacyStorage() {}

    /**
     * Over the same transactor as {@code storage} (from {@link JdbcStorage#over}), so audit entries
     * commit in the transaction of the change they record.
     */
    public static PrivacyPorts over(Storage storage) {
        if (!(storage.transactor() instanceof JdbcTransactor tx)) {
            throw new IllegalArgumentException("privacy storage needs the JDBC storage's transactor");
        }
        if (!(storage.customers() instanceof JdbcCustomerRepository customers)) {
            throw new IllegalArgumentException("privacy storage needs the JDBC storage's customers");
        }
        return new PrivacyPorts(new JdbcAuditLog(tx), new JdbcPrivacyRepository(tx), new JdbcPortalStore(tx, customers::lookupHash));
    }

    /** The audit log alone, for tools that only read it ({@code openpalm audit verify}). */
    public static AuditLog auditLog(Database database) {
        return new JdbcAuditLog(new JdbcTransactor(database.dataSource()));
    }
}
