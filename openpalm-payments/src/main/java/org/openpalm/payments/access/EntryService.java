package org.openpalm.payments.access;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.Transactor;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EntryId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.TicketId;
import org.openpalm.payments.loyalty.LoyaltyStore;
import org.openpalm.payments.loyalty.Membership;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.service.PalmLookup;

/**
 * Entry by palm at a merchant's gates: identification without payment, against the merchant's
 * access list (its loyalty members, its tickets), under the shopper's entry consent for that
 * merchant. Every entry is recorded (counted per day); an identified shopper's is audited.
 */
public final class EntryService {
    private final Transactor tx;
    private final AccessStore store;
    private final LoyaltyStore loyalty;
    private final PalmLookup palms;
    private final AuditLog audit;
    private final Clock clock;
    private final Optional<AccessGallery> gallery;

    public EntryService(Transactor tx, AccessStore store, LoyaltyStore loyalty, PalmLookup palms, AuditLog audit, Clock clock) {
        this(tx, store, loyalty, palms, audit, clock, Optional.empty());
    }

    /** With {@code gallery}: gates search the palms of the merchant's consented shoppers first (see {@link AccessGallery}). */
    public EntryService(Transactor tx, AccessStore store, LoyaltyStore loyalty, PalmLookup palms, AuditLog audit, Clock clock,
                        Optional<AccessGallery> gallery) {
        this.gallery = gallery;
        this.tx = tx;
        this.store = store;
        this.loyalty = loyalty;
        this.palms = palms;
        this.audit = audit;
        this.clock = clock;
    }

    public AccessStore store() {
        return store;
    }

    /**
     * A palm at {@code gate}: the decision, recorded.
     *
     * <p>Only shoppers who consented to enter this merchant by palm are ever named at its gates. The
     * merchant's own gallery ({@link AccessGallery}) is searched first; a palm not found there is
     * searched in the whole gallery only because a consent given through another server is not yet
     * in this server's copy (it is added then). A palm found there whose owner gave this merchant no
     * entry consent is answered, recorded and audited exactly as an unknown palm: NOT_RECOGNISED,
     * no customer on the entry record, nothing in that shopper's audit trail. The gate learns nothing
     * it would not learn from a stranger.
     */
    public EntryDecision enter(Terminal gate, PalmTemplate probe) {
        Instant now = clock.instant();
        PalmLookup.Found found = gallery.flatMap(g -> g.lookup(gate.merchant(), probe)).orElseGet(() -> palms.lookup(probe));
        EntryDecision decision;
        Optional<CustomerId> customer = Optional.empty();
        switch (found) {
            case PalmLookup.Found.NotRecognised n -> decision = new EntryDecision.Denied(EntryDecision.DenialReason.NOT_RECOGNISED);
            case PalmLookup.Found.Ambiguous a -> decision = new EntryDecision.Denied(EntryDecision.DenialReason.AMBIGUOUS);
            case PalmLookup.Found.Customer c -> {
                if (hasEntryConsent(gate.merchant(), c.id())) {
                    customer = Optional.of(c.id());
                    decision = accessList(gate.merchant(), c.id(), now);
                    gallery.filter(g -> !g.holds(gate.merchant(), c.id())).ifPresent(g -> g.add(gate.merchant(), c.id()));
                } else {
                    decision = new EntryDecision.Denied(EntryDecision.DenialReason.NOT_RECOGNISED);
                }
            }
        }
        EntryDecision answer = decision;
        Optional<CustomerId> who = customer;
        String reason = switch (answer) {
            case EntryDecision.Allowed a -> a.via().name();
            case EntryDecision.Denied d -> d.reason().name();
        };
        tx.inTransaction(() -> {
            store.record(new EntryRecord(EntryId.random(), gate.merchant(), gate.store(), gate.id(), who, answer instanceof EntryDecision.Allowed, reason, now));
            who.ifPresent(c -> audit.append(new AuditEvent("terminal:" + gate.id().value(), AuditAction.ENTRY, c.value(),
                    answer.code().toLowerCase() + " at " + gate.merchant().value() + " (" + reason.toLowerCase() + ")"), now));
            return true;
        });
        return answer;
    }

    private boolean hasEntryConsent(MerchantId merchant, CustomerId customer) {
        return store.consent(merchant, customer).filter(EntryConsent::active).isPresent();
    }

    /** The access list's answer for a shopper who gave the entry consent. */
    private EntryDecision accessList(MerchantId merchant, CustomerId customer, Instant now) {
        Optional<Membership> member = loyalty.membership(merchant, customer).filter(Membership::active);
        if (member.isPresent()) return new EntryDecision.Allowed(member.get().displayName(), EntryDecision.Via.MEMBER);
        List<Ticket> tickets = store.tickets(merchant, customer);
        Optional<Ticket> valid = tickets.stream().filter(t -> t.validAt(now)).findFirst();
        if (valid.isPresent()) return new EntryDecision.Allowed(valid.get().holderName(), EntryDecision.Via.TICKET);
        if (tickets.isEmpty()) return new EntryDecision.Denied(EntryDecision.DenialReason.NOT_ON_ACCESS_LIST);
        boolean upcoming = tickets.stream().anyMatch(t -> t.validFrom().isAfter(now));
        return new EntryDecision.Denied(upcoming ? EntryDecision.DenialReason.TICKET_NOT_YET_VALID : EntryDecision.DenialReason.TICKET_EXPIRED);
    }

    /** The shopper's consent to enter this merchant's premises by palm, audited. */
    public EntryConsent grant(MerchantId merchant, CustomerId customer, String textVersion, ConsentChannel channel) {
        Instant now = clock.instant();
        EntryConsent consent = new EntryConsent(merchant, customer, textVersion, channel, now, Optional.empty());
        tx.inTransaction(() -> {
            store.saveConsent(consent);
            gallery.ifPresent(g -> g.add(merchant, customer));
            audit.append(new AuditEvent(channel == ConsentChannel.PORTAL ? "customer:" + customer.value() : channel.name().toLowerCase(),
                    AuditAction.ENTRY_CONSENT, customer.value(), "consented to enter " + merchant.value() + " by palm (text " + textVersion + ")"), now);
            return true;
        });
        return consent;
    }

    public boolean withdraw(MerchantId merchant, CustomerId customer, ConsentChannel channel) {
        return tx.inTransaction(() -> {
            Optional<EntryConsent> c = store.consent(merchant, customer).filter(EntryConsent::active);
            if (c.isEmpty()) return false;
            Instant now = clock.instant();
            EntryConsent e = c.get();
            store.saveConsent(new EntryConsent(e.merchant(), e.customer(), e.textVersion(), channel, e.grantedAt(), Optional.of(now)));
            gallery.ifPresent(g -> g.remove(merchant, customer));
            audit.append(new AuditEvent(channel == ConsentChannel.PORTAL ? "customer:" + customer.value() : channel.name().toLowerCase(),
                    AuditAction.ENTRY_CONSENT, customer.value(), "withdrew entry by palm at " + merchant.value()), now);
            return true;
        });
    }

    public Ticket issue(MerchantId merchant, CustomerId customer, String holderName, Instant validFrom, Instant validUntil) {
        Ticket t = new Ticket(TicketId.random(), merchant, customer, holderName, validFrom, validUntil, clock.instant());
        tx.inTransaction(() -> {
            store.saveTicket(t);
            return true;
        });
        return t;
    }

    public List<AccessStore.DailyEntries> perDay(MerchantId merchant, int days) {
        return store.perDay(merchant, LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).minusDays(days - 1L));
    }
}
