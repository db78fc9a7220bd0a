package org.openpalm.store;

import org.openpalm.payments.service.Storage;

/** The JDBC implementations of every storage port, over one database. */
public final class JdbcStorage {
    private JdbcStorage() {}

    public static Storage over(Database database, KeyProvider keys) {
        return over(database, keys, false);
    }

    /**
     * As {@link #over(Database, KeyProvider)}, and every payment event is also written to the event
     * stream's outbox in the payment's transaction, for a relay to publish ({@link #eventOutbox}).
     */
    public static Storage withEventStream(Database database, KeyProvider keys) {
        return over(database, keys, true);
    }

    private static Storage over(Database database, KeyProvider keys, boolean recordEventStream) {
        JdbcTransactor tx = new JdbcTransactor(database.dataSource(), database.bookkeepingDataSource());
        TemplateCipher cipher = new TemplateCipher(keys);
        return new Storage(tx, new JdbcMerchantRepository(tx), new JdbcCustomerRepository(tx, new PhoneNumberCipher(cipher, keys.phoneLookup())),
                new JdbcPalmRepository(tx, cipher, keys),
                new JdbcPaymentRepository(tx), new JdbcJournalStore(tx), new JdbcIdempotencyStore(tx),
                new JdbcWebhookRepository(tx, cipher, recordEventStream), new JdbcNonceRegistry(tx));
    }

    /** The event stream's outbox over the same connections and transactions as {@code storage}. */
    public static org.openpalm.payments.events.EventOutbox eventOutbox(Storage storage) {
        return new JdbcEventOutbox(transactor(storage));
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
