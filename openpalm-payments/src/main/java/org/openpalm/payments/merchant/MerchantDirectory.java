package org.openpalm.payments.merchant;

import java.time.Instant;
import java.util.List;
import org.openpalm.payments.ids.MerchantId;

/**
 * Port: listings for the merchant dashboard and the operator console, and the API key life cycle
 * (keys are stored hashed; a revoked key no longer authenticates).
 */
public interface MerchantDirectory {
    /** Every merchant, by name. */
    List<Merchant> merchants();

    List<Store> storesOf(MerchantId merchant);

    List<Terminal> terminalsOf(MerchantId merchant);

    /** The merchant's keys, newest first, revoked ones included. */
    List<ApiKeyInfo> apiKeysOf(MerchantId merchant);

    /** Stores a new key's hash with its display prefix. */
    void addApiKey(MerchantId merchant, ApiKeyHash hash, String displayPrefix, Instant createdAt);

    /** Revokes the merchant's active key with this id; false when there is none. */
    boolean revokeApiKey(MerchantId merchant, String keyId, Instant at);
}
