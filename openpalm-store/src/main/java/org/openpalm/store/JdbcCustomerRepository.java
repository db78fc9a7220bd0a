package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.card.Card;
import org.openpalm.payments.card.CardBrand;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.NetworkToken;
import org.openpalm.payments.card.PaymentAccountReference;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.CustomerRepository;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.customer.Payer;

final class JdbcCustomerRepository implements CustomerRepository {
    private static final String CUSTOMER = "SELECT id, phone_key_id, phone_nonce, phone_ciphertext, default_card_id, created_at FROM customers ";
    private static final String CARD = "SELECT id, customer_id, network_token, last4, brand, par, expiry, created_at FROM cards ";
    private final JdbcTransactor tx;
    private final PhoneNumberCipher phones;

    JdbcCustomerRepository(JdbcTransactor tx, PhoneNumberCipher phones) {
        this.tx = tx;
        this.phones = phones;
    }

    /** Phone numbers are stored sealed (see {@link PhoneNumberCipher}) and opened here. */
    private Customer customer(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        PhoneNumber phone = phones.open(new TemplateCipher.Sealed(rs.getString("phone_key_id"), rs.getBytes("phone_nonce"),
                rs.getBytes("phone_ciphertext")), id);
        return new Customer(new CustomerId(id), phone, Sql.optionalString(rs, "default_card_id").map(CardId::new), Sql.instant(rs, "created_at"));
    }

    /**
     * Seals the plain phone numbers of a database made before they were encrypted (migration V12
     * added the columns); each row in its own statement, safe to repeat and to run from two
     * servers at once.
     *
     * @return the numbers sealed
     */
    int sealPlainPhoneNumbers() {
        List<String[]> plain = tx.query("SELECT id, phone FROM customers WHERE phone IS NOT NULL",
                rs -> new String[] {rs.getString("id"), rs.getString("phone")});
        int sealed = 0;
        for (String[] row : plain) {
            PhoneNumber phone = new PhoneNumber(row[1]);
            TemplateCipher.Sealed s = phones.seal(phone, row[0]);
            sealed += tx.update("UPDATE customers SET phone = NULL, phone_hash = ?, phone_key_id = ?, phone_nonce = ?, phone_ciphertext = ? "
                    + "WHERE id = ? AND phone IS NOT NULL", phones.lookupHash(phone), s.keyId(), s.nonce(), s.ciphertext(), row[0]);
        }
        return sealed;
    }

    private static Card card(ResultSet rs) throws SQLException {
        return new Card(new CardId(rs.getString("id")), new CustomerId(rs.getString("customer_id")),
                new NetworkToken(rs.getString("network_token")), rs.getString("last4"), CardBrand.valueOf(rs.getString("brand")),
                new PaymentAccountReference(rs.getString("par")), new Expiry(YearMonth.parse(rs.getString("expiry"))),
                Sql.instant(rs, "created_at"));
    }

    @Override
    public void insert(Customer c) {
        TemplateCipher.Sealed phone = phones.seal(c.phone(), c.id().value());
        tx.update("INSERT INTO customers (id, phone_hash, phone_key_id, phone_nonce, phone_ciphertext, default_card_id, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", c.id().value(), phones.lookupHash(c.phone()), phone.keyId(), phone.nonce(),
                phone.ciphertext(), c.defaultCard().map(CardId::value), c.createdAt());
    }

    @Override
    public void update(Customer c) {
        tx.update("UPDATE customers SET default_card_id = ? WHERE id = ?", c.defaultCard().map(CardId::value), c.id().value());
    }

    @Override
    public Optional<Customer> find(CustomerId id) {
        return tx.query(CUSTOMER + "WHERE id = ?", this::customer, id.value()).stream().findFirst();
    }

    @Override
    public Optional<Payer> payerOf(EnrolmentId enrolment) {
        return tx.query("SELECT u.id, u.phone_key_id, u.phone_nonce, u.phone_ciphertext, u.default_card_id, u.created_at, k.id AS k_id, k.network_token, k.last4, k.brand, k.par, "
                        + "k.expiry, k.created_at AS k_created FROM palm_enrolments e JOIN customers u ON u.id = e.customer_id "
                        + "LEFT JOIN cards k ON k.id = u.default_card_id WHERE e.id = ?",
                rs -> {
                    Customer customer = customer(rs);
                    Optional<Card> card = Sql.optionalString(rs, "k_id").isEmpty() ? Optional.empty() : Optional.of(new Card(
                            new CardId(rs.getString("k_id")), customer.id(), new NetworkToken(rs.getString("network_token")), rs.getString("last4"),
                            CardBrand.valueOf(rs.getString("brand")), new PaymentAccountReference(rs.getString("par")),
                            new Expiry(YearMonth.parse(rs.getString("expiry"))), Sql.instant(rs, "k_created")));
                    return new Payer(customer, card);
                }, enrolment.value()).stream().findFirst();
    }

    /** The keyed look-up hash of {@code phone}, for the other tables that find rows by phone. */
    String lookupHash(PhoneNumber phone) {
        return phones.lookupHash(phone);
    }

    @Override
    public Optional<Customer> findByPhone(PhoneNumber phone) {
        return tx.query(CUSTOMER + "WHERE phone_hash = ?", this::customer, phones.lookupHash(phone)).stream().findFirst();
    }

    @Override
    public void insertCard(Card k) {
        tx.update("INSERT INTO cards (id, customer_id, network_token, last4, brand, par, expiry, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                k.id().value(), k.customer().value(), k.token().value(), k.last4(), k.brand().name(), k.accountReference().value(),
                k.expiry().month().toString(), k.createdAt());
    }

    @Override
    public Optional<Card> findCard(CardId id) {
        return tx.query(CARD + "WHERE id = ?", JdbcCustomerRepository::card, id.value()).stream().findFirst();
    }

    @Override
    public List<Card> cardsOf(CustomerId customer) {
        return tx.query(CARD + "WHERE customer_id = ? ORDER BY created_at, id", JdbcCustomerRepository::card, customer.value());
    }

    @Override
    public void saveConsent(Consent c) {
        int updated = tx.update("UPDATE consents SET text_version = ?, granted_at = ?, withdrawn_at = ?, channel = ? WHERE customer_id = ? AND kind = ?",
                c.textVersion(), c.grantedAt(), c.withdrawnAt(), c.channel().name(), c.customer().value(), c.kind().name());
        if (updated == 0) {
            tx.update("INSERT INTO consents (customer_id, kind, text_version, granted_at, withdrawn_at, channel) VALUES (?, ?, ?, ?, ?, ?)",
                    c.customer().value(), c.kind().name(), c.textVersion(), c.grantedAt(), c.withdrawnAt(), c.channel().name());
        }
    }

    @Override
    public Optional<Consent> findConsent(CustomerId customer, ConsentKind kind) {
        return tx.query(CONSENT + "WHERE customer_id = ? AND kind = ?", JdbcCustomerRepository::consent, customer.value(), kind.name())
                .stream().findFirst();
    }

    static final String CONSENT = "SELECT customer_id, kind, text_version, granted_at, withdrawn_at, channel FROM consents ";

    static Consent consent(ResultSet rs) throws SQLException {
        return new Consent(new CustomerId(rs.getString("customer_id")), ConsentKind.valueOf(rs.getString("kind")),
                rs.getString("text_version"), Sql.instant(rs, "granted_at"), Sql.optionalInstant(rs, "withdrawn_at"),
                ConsentChannel.valueOf(rs.getString("channel")));
    }
}
