package org.openpalm.payments.service;

/**
 * Merchant and terminal authentication.
 *
 * @param apiKeyCacheMillis how long an API key, once found, authenticates without a database read.
 *                          This server forgets its cache as soon as a key is revoked through it;
 *                          another server of the same database keeps accepting a revoked key for at
 *                          most this long. 0 reads the database on every request.
 */
public record MerchantAuthConfig(long apiKeyCacheMillis) {
    public static final MerchantAuthConfig DEFAULT = new MerchantAuthConfig(1_000);

    public MerchantAuthConfig {
        if (apiKeyCacheMillis < 0) throw new IllegalArgumentException("apiKeyCacheMillis must not be negative");
    }
}
