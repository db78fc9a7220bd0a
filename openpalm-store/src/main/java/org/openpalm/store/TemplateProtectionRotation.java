package org.openpalm.store;

/**
 * Renewal of protected palm templates (ISO/IEC 24745): after {@link FileKeyProvider#addProtectionKey}
 * (or a KMS rotation) made a new template protection key current, {@link #reprotectAll} moves
 * every stored template to it, without any palm being presented again. Run it with the server
 * stopped (or restart the server afterwards): a running server's index holds the templates under
 * the key current when it started.
 */
public final class TemplateProtectionRotation {
    private TemplateProtectionRotation() {}

    /** Re-protects every stored template under {@code keys.currentProtection()}; returns how many were rewritten. */
    public static int reprotectAll(Database database, KeyProvider keys) {
        JdbcTransactor tx = new JdbcTransactor(database.dataSource(), database.bookkeepingDataSource());
        return new JdbcPalmRepository(tx, new TemplateCipher(keys), keys).reprotectAll();
    }
}
