package org.openpalm.payments.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.openpalm.payments.Transactor;
import org.openpalm.payments.card.Card;
import org.openpalm.payments.customer.Consent;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.CustomerRepository;
import org.openpalm.payments.customer.Payer;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.idempotency.Claim;
import org.openpalm.payments.idempotency.IdempotencyKey;
import org.openpalm.payments.idempotency.IdempotencyStore;
import org.openpalm.payments.idempotency.RequestFingerprint;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.PalmRepository;
import org.openpalm.payments.ids.CardId;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.AccountId;
import org.openpalm.payments.ledger.JournalStore;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.ledger.TransferId;
import org.openpalm.payments.merchant.ApiKeyHash;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.MerchantRepository;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentRepository;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.ids.DeliveryId;
import org.openpalm.payments.webhook.Delivery;
import org.openpalm.payments.webhook.OutboxEvent;
import org.openpalm.payments.webhook.WebhookEndpoint;
import org.openpalm.payments.webhook.WebhookRepository;

/**
 * Storage in memory for the payments tests: one lock serialises transactions (no rollback; the
 * services check before they write). The JDBC store is tested against the same behaviour.
 */
public final class InMemoryStorage implements Transactor, MerchantRepository, CustomerRepository, PalmRepository,
        PaymentRepository, JournalStore, IdempotencyStore, WebhookRepository,
        org.openpalm.payments.merchant.NonceRegistry {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<MerchantId, Merchant> merchants = new HashMap<>();
    private final Map<StoreId, Store> stores = new HashMap<>();
    private final Map<TerminalId, Terminal> terminals = new HashMap<>();
    private final Map<ApiKeyHash, MerchantId> apiKeys = new HashMap<>();
    private final Map<CustomerId, Customer> customers = new HashMap<>();
    private final Map<CardId, Card> cards = new LinkedHashMap<>();
    private final Map<String, Consent> consents = new HashMap<>();
    private final Map<EnrolmentId, EnrolledPalm> palms = new LinkedHashMap<>();
    private final Map<PaymentId, Payment> payments = new LinkedHashMap<>();
    private final Map<org.openpalm.payments.network.NetworkReference, org.openpalm.payments.reconcile.NetworkMovement> movements = new java.util.LinkedHashMap<>();
    private final Map<TransferId, Transfer> transfers = new LinkedHashMap<>();
    private final Map<TransferId, Transfer> resolutions = new HashMap<>();
    private final List<AccountId> accounts = new ArrayList<>();
    private record Key(String fingerprint, Optional<StoredResponse> response, Instant created) {}
    private final Map<String, Key> keys = new HashMap<>();

    public Storage storage() {
        return new Storage(this, this, this, this, this, this, this, this, this);
    }

    private <T> T locked(Supplier<T> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable r) {
        locked(() -> {
            r.run();
            return null;
        });
    }

    @Override public <T> T inTransaction(Supplier<T> work) { return locked(work); }
    @Override public void saveMerchant(Merchant m) { locked(() -> merchants.put(m.id(), m)); }
    @Override public void saveStore(Store s) { locked(() -> stores.put(s.id(), s)); }
    @Override public void saveTerminal(Terminal t) { locked(() -> terminals.put(t.id(), t)); }
    @Override public void saveApiKey(MerchantId m, ApiKeyHash h) { locked(() -> apiKeys.put(h, m)); }
    @Override public Optional<Merchant> findMerchant(MerchantId id) { return locked(() -> Optional.ofNullable(merchants.get(id))); }
    @Override public Optional<Store> findStore(StoreId id) { return locked(() -> Optional.ofNullable(stores.get(id))); }
    @Override public Optional<Terminal> findTerminal(TerminalId id) { return locked(() -> Optional.ofNullable(terminals.get(id))); }
    @Override public Optional<Merchant> findMerchantByApiKey(ApiKeyHash h) { return locked(() -> Optional.ofNullable(apiKeys.get(h)).map(merchants::get)); }

    @Override public void insert(Customer c) { locked(() -> { if (customers.putIfAbsent(c.id(), c) != null) throw new IllegalStateException("duplicate"); }); }
    @Override public void update(Customer c) { locked(() -> customers.put(c.id(), c)); }
    @Override public Optional<Customer> find(CustomerId id) { return locked(() -> Optional.ofNullable(customers.get(id))); }
    @Override public Optional<Payer> payerOf(EnrolmentId e) {
        return locked(() -> Optional.ofNullable(palms.get(e)).map(p -> customers.get(p.customer()))
                .map(c -> new Payer(c, c.defaultCard().map(cards::get))));
    }
    @Override public Optional<Customer> findByPhone(PhoneNumber p) { return locked(() -> customers.values().stream().filter(c -> c.phone().equals(p)).findFirst()); }
    @Override public void insertCard(Card c) { locked(() -> cards.put(c.id(), c)); }
    @Override public Optional<Card> findCard(CardId id) { return locked(() -> Optional.ofNullable(cards.get(id))); }
    @Override public List<Card> cardsOf(CustomerId c) { return locked(() -> cards.values().stream().filter(k -> k.customer().equals(c)).toList()); }
    @Override public void saveConsent(Consent c) { locked(() -> consents.put(c.customer() + "/" + c.kind(), c)); }
    @Override public Optional<Consent> findConsent(CustomerId c, ConsentKind k) { return locked(() -> Optional.ofNullable(consents.get(c + "/" + k))); }

    @Override public void insert(EnrolledPalm p) { locked(() -> palms.put(p.id(), p)); }
    @Override public Optional<EnrolledPalm> find(EnrolmentId id) { return locked(() -> Optional.ofNullable(palms.get(id))); }
    @Override public List<EnrolledPalm> ofCustomer(CustomerId c) { return locked(() -> palms.values().stream().filter(p -> p.customer().equals(c)).toList()); }
    @Override public List<EnrolledPalm> allPalms() { return locked(() -> List.copyOf(palms.values())); }
    @Override public List<EnrolmentId> allPalmIds() { return locked(() -> List.copyOf(palms.keySet())); }
    @Override public List<EnrolledPalm> findAll(java.util.Collection<EnrolmentId> ids) {
        return locked(() -> ids.stream().map(palms::get).filter(java.util.Objects::nonNull).toList());
    }
    @Override public void delete(EnrolmentId id) { locked(() -> palms.remove(id)); }

    @Override public void insert(Payment p) { locked(() -> payments.put(p.id(), p)); }
    @Override public boolean update(Payment next, long expectedVersion) {
        return locked(() -> {
            Payment current = payments.get(next.id());
            if (current == null || current.version() != expectedVersion) return false;
            payments.put(next.id(), next);
            return true;
        });
    }
    @Override public Optional<Payment> find(PaymentId id) { return locked(() -> Optional.ofNullable(payments.get(id))); }
    @Override public List<Payment> allPayments() { return locked(() -> List.copyOf(payments.values())); }
    @Override public List<Payment> withClaimsBefore(java.time.Instant before) {
        return locked(() -> payments.values().stream().filter(p -> p.pending().map(m -> m.claimedAt().isBefore(before)).orElse(false)).toList());
    }
    @Override public void recordMovements(List<org.openpalm.payments.reconcile.NetworkMovement> recorded) {
        locked(() -> recorded.forEach(m -> movements.putIfAbsent(m.reference(), m)));
    }
    @Override public List<org.openpalm.payments.reconcile.NetworkMovement> allMovements() { return locked(() -> List.copyOf(movements.values())); }

    @Override public void ensureAccount(AccountId a) { locked(() -> { if (!accounts.contains(a)) accounts.add(a); }); }
    @Override public boolean appendIfNew(Transfer t) {
        return locked(() -> {
            if (transfers.containsKey(t.id())) return false;
            if (t.pendingId().isPresent() && resolutions.containsKey(t.pendingId().get())) return false;
            t.pendingId().ifPresent(p -> resolutions.put(p, t));
            transfers.put(t.id(), t);
            return true;
        });
    }
    @Override public Optional<Transfer> find(TransferId id) { return locked(() -> Optional.ofNullable(transfers.get(id))); }
    @Override public Optional<Transfer> resolutionOf(TransferId p) { return locked(() -> Optional.ofNullable(resolutions.get(p))); }
    @Override public List<Transfer> ofAccount(AccountId a) { return locked(() -> transfers.values().stream().filter(t -> t.debit().equals(a) || t.credit().equals(a)).toList()); }
    @Override public List<Transfer> ofPayment(PaymentId p) { return locked(() -> transfers.values().stream().filter(t -> t.payment().equals(p)).toList()); }
    @Override public List<Transfer> allTransfers() { return locked(() -> List.copyOf(transfers.values())); }
    @Override public List<AccountId> accounts() { return locked(() -> List.copyOf(accounts)); }

    @Override public Claim claim(String scope, IdempotencyKey key, RequestFingerprint fp, Instant now, Instant abandonedBefore) {
        return locked(() -> {
            Key existing = keys.get(scope + "/" + key.value());
            if (existing == null || (existing.response().isEmpty() && existing.fingerprint().equals(fp.sha256Hex())
                    && existing.created().isBefore(abandonedBefore))) {
                keys.put(scope + "/" + key.value(), new Key(fp.sha256Hex(), Optional.empty(), now));
                return new Claim.Acquired();
            }
            if (!existing.fingerprint().equals(fp.sha256Hex())) return new Claim.Conflict();
            return existing.response().<Claim>map(Claim.Replay::new).orElseGet(Claim.InProgress::new);
        });
    }
    @Override public boolean claimNew(String scope, IdempotencyKey key, RequestFingerprint fp, Instant now) {
        return locked(() -> keys.putIfAbsent(scope + "/" + key.value(), new Key(fp.sha256Hex(), Optional.empty(), now)) == null);
    }
    @Override public void complete(String scope, IdempotencyKey key, StoredResponse r) {
        locked(() -> keys.computeIfPresent(scope + "/" + key.value(), (k, v) -> new Key(v.fingerprint(), Optional.of(r), v.created())));
    }
    @Override public void release(String scope, IdempotencyKey key) { locked(() -> keys.remove(scope + "/" + key.value())); }
    @Override public int purgeCreatedBefore(Instant cutoff) {
        return locked(() -> {
            int before = keys.size();
            keys.values().removeIf(k -> k.created().isBefore(cutoff));
            return before - keys.size();
        });
    }

    private final List<WebhookEndpoint> endpoints = new ArrayList<>();
    private final Map<DeliveryId, Delivery> deliveries = new LinkedHashMap<>();
    private final Map<DeliveryId, Instant> locks = new HashMap<>();
    private final java.util.Set<DeliveryId> finished = new java.util.HashSet<>();

    @Override public void saveEndpoint(WebhookEndpoint e) { locked(() -> endpoints.add(e)); }
    @Override public List<WebhookEndpoint> endpointsOf(MerchantId m) { return locked(() -> endpoints.stream().filter(e -> e.merchant().equals(m)).toList()); }
    @Override public void enqueue(List<OutboxEvent> events) {
        locked(() -> events.forEach(event -> endpointsOf(event.merchant()).forEach(e -> {
            DeliveryId id = DeliveryId.random();
            deliveries.put(id, new Delivery(id, event, e, 0, Optional.empty(), event.createdAt()));
        })));
    }
    @Override public List<Delivery> due(Instant now, int limit) {
        return locked(() -> deliveries.values().stream().filter(d -> !finished.contains(d.id()) && !d.nextAttemptAt().isAfter(now)
                && (locks.get(d.id()) == null || locks.get(d.id()).isBefore(now))).limit(limit).toList());
    }
    @Override public boolean lock(DeliveryId id, Instant now, Instant until) {
        return locked(() -> {
            Instant l = locks.get(id);
            if (l != null && !l.isBefore(now)) return false;
            locks.put(id, until);
            return true;
        });
    }
    @Override public void saveBody(DeliveryId id, String body) {
        locked(() -> deliveries.computeIfPresent(id, (k, d) -> d.body().isPresent() ? d : new Delivery(k, d.event(), d.endpoint(), d.attempts(), Optional.of(body), d.nextAttemptAt())));
    }
    @Override public void delivered(DeliveryId id, int attempts, Instant at) { locked(() -> { finished.add(id); locks.remove(id); }); }
    @Override public void failed(DeliveryId id, int attempts, Instant next, String error, boolean giveUp) {
        locked(() -> {
            deliveries.computeIfPresent(id, (k, d) -> new Delivery(k, d.event(), d.endpoint(), attempts, d.body(), next));
            locks.remove(id);
            if (giveUp) finished.add(id);
        });
    }
    @Override public int pendingCount() { return locked(() -> (int) deliveries.keySet().stream().filter(d -> !finished.contains(d)).count()); }

    private final Map<String, Instant> nonces = new HashMap<>();

    @Override public boolean firstUse(TerminalId t, String nonce, Instant expiresAt) { return locked(() -> nonces.putIfAbsent(t + "/" + nonce, expiresAt) == null); }
    @Override public int purgeExpired(Instant now) {
        return locked(() -> {
            int before = nonces.size();
            nonces.values().removeIf(e -> e.isBefore(now));
            return before - nonces.size();
        });
    }
}
