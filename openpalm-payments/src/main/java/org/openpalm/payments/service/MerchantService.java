package org.openpalm.payments.service;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.payments.merchant.ApiKeyHash;
import org.openpalm.payments.ids.WebhookEndpointId;
import org.openpalm.payments.webhook.WebhookEndpoint;
import org.openpalm.payments.webhook.WebhookSecret;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.ApiKey;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalPublicKey;

/**
 * Merchant onboarding and API-key authentication. Every till and terminal call authenticates, so
 * found credentials are remembered: terminals for good (a terminal row never changes), API keys
 * for {@link MerchantAuthConfig#apiKeyCacheMillis} (a key can be revoked).
 */
public final class MerchantService {
    /** Bounds the caches; past it they start afresh (terminals and keys are few). */
    private static final int MAX_CACHED = 100_000;
    private final Storage storage;
    private final MerchantAuthConfig config;
    private final Map<TerminalId, Terminal> terminals = new ConcurrentHashMap<>();
    private final Map<ApiKeyHash, CachedKey> apiKeys = new ConcurrentHashMap<>();

    private record CachedKey(Merchant merchant, long foundAtNanos) {}

    public MerchantService(Storage storage) {
        this(storage, MerchantAuthConfig.DEFAULT);
    }

    public MerchantService(Storage storage, MerchantAuthConfig config) {
        this.storage = storage;
        this.config = config;
    }

    /** A new merchant and its API key; the key is shown here once and only its hash is stored. */
    public record Onboarded(Merchant merchant, ApiKey apiKey) {}

    public Onboarded onboard(String name) {
        Merchant merchant = new Merchant(MerchantId.random(), name);
        ApiKey key = ApiKey.generate();
        storage.transactor().inTransaction(() -> {
            storage.merchants().saveMerchant(merchant);
            storage.merchants().saveApiKey(merchant.id(), key.hash());
            return merchant;
        });
        return new Onboarded(merchant, key);
    }

    /** Empty when the merchant is unknown. */
    public Optional<Store> addStore(MerchantId merchant, String name) {
        return storage.transactor().inTransaction(() -> {
            if (storage.merchants().findMerchant(merchant).isEmpty()) return Optional.empty();
            Store store = new Store(StoreId.random(), merchant, name);
            storage.merchants().saveStore(store);
            return Optional.of(store);
        });
    }

    /** A palm reader; empty when the store is unknown or another merchant's. */
    public Optional<Terminal> addTerminal(MerchantId merchant, StoreId store, TerminalPublicKey key) {
        return addTerminal(merchant, store, key, org.openpalm.payments.merchant.TerminalRole.READER);
    }

    /** A terminal of {@code role}; empty when the store is unknown or another merchant's. */
    public Optional<Terminal> addTerminal(MerchantId merchant, StoreId store, TerminalPublicKey key, org.openpalm.payments.merchant.TerminalRole role) {
        return storage.transactor().inTransaction(() -> {
            if (storage.merchants().findStore(store).filter(s -> s.merchant().equals(merchant)).isEmpty()) return Optional.empty();
            Terminal terminal = new Terminal(TerminalId.random(), merchant, store, key, role);
            storage.merchants().saveTerminal(terminal);
            return Optional.of(terminal);
        });
    }

    /** Registers a webhook endpoint; its secret is shown in the result once, then stored encrypted. */
    public WebhookEndpoint addWebhookEndpoint(MerchantId merchant, URI url, Instant now) {
        WebhookEndpoint endpoint = new WebhookEndpoint(WebhookEndpointId.random(), merchant, url, WebhookSecret.generate(), now);
        storage.transactor().inTransaction(() -> {
            storage.webhooks().saveEndpoint(endpoint);
            return endpoint;
        });
        return endpoint;
    }

    public Optional<Merchant> authenticate(ApiKey presented) {
        ApiKeyHash hash = presented.hash();
        CachedKey cached = apiKeys.get(hash);
        long now = System.nanoTime();
        if (cached != null && now - cached.foundAtNanos() < config.apiKeyCacheMillis() * 1_000_000) return Optional.of(cached.merchant());
        Optional<Merchant> found = storage.merchants().findMerchantByApiKey(hash);
        if (found.isPresent() && config.apiKeyCacheMillis() > 0) {
            if (apiKeys.size() > MAX_CACHED) apiKeys.clear();
            apiKeys.put(hash, new CachedKey(found.get(), now));
        } else {
            apiKeys.remove(hash);
        }
        return found;
    }

    /** Forgets remembered API keys: call after a key is revoked. */
    public void forgetApiKeys() {
        apiKeys.clear();
    }

    public Optional<Terminal> terminal(TerminalId id) {
        Terminal cached = terminals.get(id);
        if (cached != null) return Optional.of(cached);
        Optional<Terminal> found = storage.merchants().findTerminal(id);
        if (found.isPresent()) {
            if (terminals.size() > MAX_CACHED) terminals.clear();
            terminals.put(id, found.get());
        }
        return found;
    }
}
