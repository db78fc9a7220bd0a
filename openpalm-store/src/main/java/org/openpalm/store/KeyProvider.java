package org.openpalm.store;

import java.util.Optional;
import org.openpalm.biometrics.TemplateProtectionKey;

/**
 * Source of the keys encrypting palm templates: new data is sealed with {@link #current()}, old
 * data is opened with the key its stored id names (so keys can rotate). A KMS or HSM implements
 * this in production; {@link FileKeyProvider} is the default.
 */
public interface KeyProvider {
    DataKey current();

    Optional<DataKey> byId(String keyId);

    /**
     * The key new palm templates are protected with before encryption (the keyed transform of
     * {@link org.openpalm.biometrics.ProtectedTemplate}); rotates apart from the AES keys.
     */
    TemplateProtectionKey currentProtection();

    /** A template protection key by its {@link TemplateProtectionKey#id()}, to open templates protected earlier. */
    Optional<TemplateProtectionKey> protectionById(String keyId);

    /** The key of the keyed hashes by which phone numbers are looked up (they are stored encrypted). */
    LookupKey phoneLookup();
}
