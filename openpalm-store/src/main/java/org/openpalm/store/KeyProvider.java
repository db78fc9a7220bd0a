package org.openpalm.store;

import java.util.Optional;

/**
 * Source of the keys encrypting palm templates: new data is sealed with {@link #current()}, old
 * data is opened with the key its stored id names (so keys can rotate). A KMS or HSM implements
 * this in production; {@link FileKeyProvider} is the default.
 */
public interface KeyProvider {
    DataKey current();

    Optional<DataKey> byId(String keyId);
}
