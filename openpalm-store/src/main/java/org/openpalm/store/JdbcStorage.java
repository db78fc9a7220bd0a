package org.openpalm.store;

import org.openpalm.payments.service.Storage;

/** The JDBC implementations of every storage port, over one database. */
public final class JdbcStorage {
    private JdbcStorage() {}

    public static Storage over(Database database, KeyProvider keys) {
        JdbcTransactor tx = new JdbcTransactor(database.dataSource());
        TemplateCipher cipher = new TemplateCipher(keys);
        return new Storage(tx, new JdbcMerchantRepository(tx), new JdbcCustomerRepository(tx), new JdbcPalmRepository(tx, cipher, keys),
                new JdbcPaymentRepository(tx), new JdbcJournalStore(tx), new JdbcIdempotencyStore(tx), new JdbcWebhookRepository(tx, cipher),
                new JdbcNonceRegistry(tx));
    }
}
