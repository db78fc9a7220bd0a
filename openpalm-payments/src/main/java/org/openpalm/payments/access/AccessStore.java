package org.openpalm.payments.access;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;

/** Port: entry consents, tickets and the entries made. */
public interface AccessStore {
    Optional<EntryConsent> consent(MerchantId merchant, CustomerId customer);

    /** Inserts or replaces. */
    void saveConsent(EntryConsent consent);

    void saveTicket(Ticket ticket);

    List<Ticket> tickets(MerchantId merchant, CustomerId customer);

    List<Ticket> ticketsOf(CustomerId customer);

    List<EntryConsent> consentsOf(CustomerId customer);

    /** Every consent not withdrawn (to load the gates' galleries at start-up). */
    List<EntryConsent> activeConsents();

    void record(EntryRecord entry);

    /** Entries at the merchant per UTC day, from {@code from} (inclusive), oldest first. */
    List<DailyEntries> perDay(MerchantId merchant, LocalDate from);

    List<EntryRecord> entriesOf(CustomerId customer);

    record DailyEntries(LocalDate day, long allowed, long denied) {}

    /** Erasure: consents and tickets go; entries stay counted, without the customer. */
    int forget(CustomerId customer);
}
