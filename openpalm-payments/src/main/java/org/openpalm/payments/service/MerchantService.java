package org.openpalm.payments.service;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
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

/** Merchant onboarding and API-key authentication. */
public final class MerchantService {
    private final Storage storage;

    public MerchantService(Storage storage) {
        this.storage = storage;
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

    /** Empty when the store is unknown or another merchant's. */
    public Optional<Terminal> addTerminal(MerchantId merchant, StoreId store, TerminalPublicKey key) {
        return storage.transactor().inTransaction(() -> {
            if (storage.merchants().findStore(store).filter(s -> s.merchant().equals(merchant)).isEmpty()) return Optional.empty();
            Terminal terminal = new Terminal(TerminalId.random(), merchant, store, key);
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
        return storage.merchants().findMerchantByApiKey(presented.hash());
    }

    public Optional<Terminal> terminal(TerminalId id) {
        return storage.merchants().findTerminal(id);
    }
}
