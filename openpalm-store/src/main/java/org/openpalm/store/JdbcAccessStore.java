package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.openpalm.payments.access.AccessStore;
import org.openpalm.payments.access.EntryConsent;
import org.openpalm.payments.access.EntryRecord;
import org.openpalm.payments.access.Ticket;
import org.openpalm.payments.age.AgeAttestation;
import org.openpalm.payments.age.AgeStore;
import org.openpalm.payments.age.DocumentType;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EntryId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ids.TicketId;
import org.openpalm.payments.service.Storage;

/** Entry consents, tickets, entries (V13_1), age attestations (V13_2) and payments' age requirements (V19) over JDBC. */
public final class JdbcAccessStore implements AccessStore, AgeStore {
    private static final String TICKET = "SELECT id, merchant_id, customer_id, holder_name, valid_from, valid_until, created_at FROM access_tickets ";
    private static final String CONSENT = "SELECT merchant_id, customer_id, text_version, channel, granted_at, withdrawn_at FROM entry_consents ";
    private final JdbcTransactor tx;

    JdbcAccessStore(JdbcTransactor tx) {
        this.tx = tx;
    }

    public static JdbcAccessStore over(Storage storage) {
        if (!(storage.transactor() instanceof JdbcTransactor tx)) throw new IllegalArgumentException("not a JDBC storage");
        return new JdbcAccessStore(tx);
    }

    private static EntryConsent consent(ResultSet rs) throws SQLException {
        return new EntryConsent(new MerchantId(rs.getString("merchant_id")), new CustomerId(rs.getString("customer_id")), rs.getString("text_version"),
                ConsentChannel.valueOf(rs.getString("channel")), Sql.instant(rs, "granted_at"), Sql.optionalInstant(rs, "withdrawn_at"));
    }

    @Override
    public Optional<EntryConsent> consent(MerchantId merchant, CustomerId customer) {
        return tx.query(CONSENT + "WHERE merchant_id = ? AND customer_id = ?", JdbcAccessStore::consent, merchant.value(), customer.value())
                .stream().findFirst();
    }

    @Override
    public void saveConsent(EntryConsent c) {
        tx.update("DELETE FROM entry_consents WHERE merchant_id = ? AND customer_id = ?", c.merchant().value(), c.customer().value());
        tx.update("INSERT INTO entry_consents (merchant_id, customer_id, text_version, channel, granted_at, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?)",
                c.merchant().value(), c.customer().value(), c.textVersion(), c.channel().name(), c.grantedAt(), c.withdrawnAt());
    }

    @Override
    public List<EntryConsent> consentsOf(CustomerId customer) {
        return tx.query(CONSENT + "WHERE customer_id = ? ORDER BY granted_at", JdbcAccessStore::consent, customer.value());
    }

    @Override
    public List<EntryConsent> activeConsents() {
        return tx.query(CONSENT + "WHERE withdrawn_at IS NULL", JdbcAccessStore::consent);
    }

    private static Ticket ticket(ResultSet rs) throws SQLException {
        return new Ticket(new TicketId(rs.getString("id")), new MerchantId(rs.getString("merchant_id")), new CustomerId(rs.getString("customer_id")),
                rs.getString("holder_name"), Sql.instant(rs, "valid_from"), Sql.instant(rs, "valid_until"), Sql.instant(rs, "created_at"));
    }

    @Override
    public void saveTicket(Ticket t) {
        tx.update("INSERT INTO access_tickets (id, merchant_id, customer_id, holder_name, valid_from, valid_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                t.id().value(), t.merchant().value(), t.customer().value(), t.holderName(), t.validFrom(), t.validUntil(), t.createdAt());
    }

    @Override
    public List<Ticket> tickets(MerchantId merchant, CustomerId customer) {
        return tx.query(TICKET + "WHERE merchant_id = ? AND customer_id = ? ORDER BY valid_from", JdbcAccessStore::ticket, merchant.value(), customer.value());
    }

    @Override
    public List<Ticket> ticketsOf(CustomerId customer) {
        return tx.query(TICKET + "WHERE customer_id = ? ORDER BY valid_from", JdbcAccessStore::ticket, customer.value());
    }

    @Override
    public void record(EntryRecord e) {
        tx.update("INSERT INTO entries (id, merchant_id, store_id, terminal_id, customer_id, allowed, reason, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                e.id().value(), e.merchant().value(), e.store().value(), e.terminal().value(), e.customer().map(CustomerId::value),
                e.allowed(), e.reason(), e.at());
    }

    @Override
    public List<DailyEntries> perDay(MerchantId merchant, LocalDate from) {
        // grouped here rather than in SQL: a day of a TIMESTAMP WITH TIME ZONE is spelt differently in H2 and PostgreSQL
        Map<LocalDate, long[]> days = new TreeMap<>();
        tx.query("SELECT allowed, entered_at FROM entries WHERE merchant_id = ? AND entered_at >= ?", rs -> {
            LocalDate day = LocalDate.ofInstant(Sql.instant(rs, "entered_at"), ZoneOffset.UTC);
            days.computeIfAbsent(day, d -> new long[2])[rs.getBoolean("allowed") ? 0 : 1]++;
            return 1;
        }, merchant.value(), from.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<DailyEntries> out = new ArrayList<>();
        days.forEach((d, n) -> out.add(new DailyEntries(d, n[0], n[1])));
        return out;
    }

    @Override
    public List<EntryRecord> entriesOf(CustomerId customer) {
        return tx.query("SELECT * FROM entries WHERE customer_id = ? ORDER BY entered_at", rs -> new EntryRecord(new EntryId(rs.getString("id")),
                new MerchantId(rs.getString("merchant_id")), new StoreId(rs.getString("store_id")), new TerminalId(rs.getString("terminal_id")),
                Optional.of(customer), rs.getBoolean("allowed"), rs.getString("reason"), Sql.instant(rs, "entered_at")), customer.value());
    }

    /** Erasure of the access data: consents, tickets and the age attestation go; entries stay counted without the customer. */
    @Override
    public int forget(CustomerId customer) {
        int n = tx.update("DELETE FROM entry_consents WHERE customer_id = ?", customer.value());
        n += tx.update("DELETE FROM access_tickets WHERE customer_id = ?", customer.value());
        n += tx.update("UPDATE entries SET customer_id = NULL WHERE customer_id = ?", customer.value());
        n += tx.update("DELETE FROM age_attestations WHERE customer_id = ?", customer.value());
        return n;
    }

    // ---- age ----

    @Override
    public Optional<AgeAttestation> attestation(CustomerId customer) {
        return tx.query("SELECT * FROM age_attestations WHERE customer_id = ?", rs -> new AgeAttestation(customer,
                rs.getObject("born_on_or_before", LocalDate.class), rs.getString("staff_id"), new StoreId(rs.getString("store_id")),
                DocumentType.valueOf(rs.getString("document_type")), Sql.instant(rs, "attested_at")), customer.value()).stream().findFirst();
    }

    @Override
    public void save(AgeAttestation a) {
        tx.update("DELETE FROM age_attestations WHERE customer_id = ?", a.customer().value());
        tx.update("INSERT INTO age_attestations (customer_id, born_on_or_before, staff_id, store_id, document_type, attested_at) VALUES (?, ?, ?, ?, ?, ?)",
                a.customer().value(), a.bornOnOrBefore(), a.staffId(), a.store().value(), a.documentType().name(), a.attestedAt());
    }

    @Override
    public void requireAge(PaymentId payment, int minimumAge) {
        tx.update("INSERT INTO payment_age_requirements (payment_id, minimum_age) VALUES (?, ?)", payment.value(), minimumAge);
    }

    @Override
    public OptionalInt minimumAge(PaymentId payment) {
        return tx.query("SELECT minimum_age FROM payment_age_requirements WHERE payment_id = ?", rs -> rs.getInt(1), payment.value())
                .stream().mapToInt(Integer::intValue).findFirst();
    }
}
