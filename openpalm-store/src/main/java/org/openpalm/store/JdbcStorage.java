package org.openpalm.store;

import org.openpalm.payments.service.Storage;

/** The JDBC implementations of every storage port, over one database. */
public final class JdbcStorage {
    private JdbcStorage() {}

    public static Storage over(Database database, KeyProvider keys) {
        JdbcTransactor tx = new JdbcTransactor(database.dataSource());
        TemplateCipher cipher = new TemplateCipher(keys);
        return new Storage(tx, new JdbcMerchantRepository(tx), new JdbcCustomerRepository(tx, new PhoneNumberCipher(cipher, keys.phoneLookup())),
                new JdbcPalmRepository(tx, cipher, keys),
                new JdbcPaymentRepository(tx), new JdbcJournalStore(tx), new JdbcIdempotencyStore(tx), new JdbcWebhookRepository(tx, cipher),
                new JdbcNonceRegistry(tx));
    }

    /**
     * Seals the phone numbers a database made before migration V12 still holds in plain (run at
     * start-up, before the first request); nothing to do, and cheap, once they are sealed.
     *
     * @return the numbers sealed now
     */
    public static int sealPlainPhoneNumbers(Storage storage) {
        if (!(storage.customers() instanceof JdbcCustomerRepository customers)) throw new IllegalArgumentException("not a JDBC storage");
        return customers.sealPlainPhoneNumbers();
    }

    /** The listings and API key life cycle over the same connections and transactions as {@code storage}. */
    public static org.openpalm.payments.merchant.MerchantDirectory directory(Storage storage) {
        return new JdbcMerchantDirectory(transactor(storage));
    }

    /** Read-only payment and journal queries over the same connections and transactions as {@code storage}. */
    public static org.openpalm.payments.payment.PaymentQueries queries(Storage storage) {
        return new JdbcPaymentQueries(transactor(storage));
    }

    /** Capture digests and presentation counters over the same connections and transactions as {@code storage}. */
    public static org.openpalm.payments.attempt.PresentationStore presentations(Storage storage) {
        return new JdbcPresentationStore(transactor(storage));
    }

    /** Phone checks of enrolments in progress over the same connections and transactions as {@code storage}. */
    public static org.openpalm.payments.service.PhoneCheckStore phoneChecks(Storage storage) {
        return new JdbcPhoneCheckStore(transactor(storage));
    }

    /** Pre-enrolments pending confirmation over the same connections and transactions as {@code storage}. */
    public static org.openpalm.payments.service.PreEnrolmentStore preEnrolments(Storage storage) {
        return new JdbcPreEnrolmentStore(transactor(storage));
    }

    private static JdbcTransactor transactor(Storage storage) {
        if (!(storage.transactor() instanceof JdbcTransactor tx)) throw new IllegalArgumentException("not a JDBC storage");
        return tx;
    }
}
