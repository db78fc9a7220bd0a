package org.openpalm.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.events.kafka.KafkaSettings;
import org.openpalm.payments.idempotency.IdempotencyConfig;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.attempt.PresentationConfig;
import org.openpalm.payments.privacy.RetentionConfig;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.webhook.WebhookConfig;
import org.openpalm.server.http.WebhookTargets;
import org.openpalm.server.network.NetworkLinkSettings;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.KeyEncryptionService;

/**
 * Everything the server needs, one record per subsystem. {@code database} empty means an embedded
 * H2 file database under {@code dataDirectory}.
 *
 * @param adminToken bearer token of the admin API (merchant onboarding); when empty one is
 *                   generated into {@code dataDirectory/admin-token}
 * @param networkDefaultBalanceMinor balance of cards opened by the in-process network double
 * @param networkLink the ISO 8583 card network to use; empty: the in-process network double
 * @param retention the retention schedule of palm data (at most three years)
 * @param load bounds on image decoding, terminal request rates and the Retry-After of busy answers
 * @param keyEncryption the key-encrypting key the key file is wrapped with ({@code OPENPALM_KEK}); empty: a plain key file
 * @param portal the portal's code sender and sign-in limits
 * @param webhookTargets which webhook URLs are accepted (https and public addresses unless loosened for tests)
 * @param presentations caps on palm presentations (per payment, per terminal and minute) and how long capture digests are remembered
 * @param presentationAttacks liveness thresholds and the pause after repeated presentation attacks
 * @param kafka where payment events are also published ({@code kafka.bootstrapServers}); empty: no event stream, no broker needed
 */
public record ServerConfig(HttpSettings http, Optional<DatabaseConfig> database, Path dataDirectory, Optional<Path> keyFile,
                           PaymentsConfig payments, IdentifierConfig identifier, IdempotencyConfig idempotency,
                           TerminalAuthConfig terminalAuth, WebhookConfig webhooks, Optional<String> adminToken,
                           long networkDefaultBalanceMinor, Optional<NetworkLinkSettings> networkLink, RetentionConfig retention,
                           LoadConfig load, Optional<KeyEncryptionService> keyEncryption, PortalSettings portal,
                           WebhookTargets.Policy webhookTargets, PresentationConfig presentations,
                           PresentationAttackSettings presentationAttacks, Optional<KafkaSettings> kafka) {
    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(terminalAuth, "terminalAuth");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(adminToken, "adminToken");
        if (networkDefaultBalanceMinor < 0) throw new IllegalArgumentException("networkDefaultBalanceMinor must not be negative");
        Objects.requireNonNull(networkLink, "networkLink");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(keyEncryption, "keyEncryption");
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(webhookTargets, "webhookTargets");
        Objects.requireNonNull(presentations, "presentations");
        Objects.requireNonNull(presentationAttacks, "presentationAttacks");
        Objects.requireNonNull(kafka, "kafka");
    }

    /** With the default load bounds, a plain key file, the default portal settings, strict webhook targets and presentation caps. */
    public ServerConfig(HttpSettings http, Optional<DatabaseConfig> database, Path dataDirectory, Optional<Path> keyFile,
                        PaymentsConfig payments, IdentifierConfig identifier, IdempotencyConfig idempotency,
                        TerminalAuthConfig terminalAuth, WebhookConfig webhooks, Optional<String> adminToken,
                        long networkDefaultBalanceMinor, Optional<NetworkLinkSettings> networkLink, RetentionConfig retention) {
        this(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks, adminToken,
                networkDefaultBalanceMinor, networkLink, retention, LoadConfig.DEFAULT, Optional.empty(), PortalSettings.DEFAULT,
                WebhookTargets.Policy.STRICT, PresentationConfig.DEFAULT,
                PresentationAttackSettings.DEFAULT, Optional.empty());
    }

    /** With the published retention schedule ({@link RetentionConfig#DEFAULT}). */
    public ServerConfig(HttpSettings http, Optional<DatabaseConfig> database, Path dataDirectory, Optional<Path> keyFile,
                        PaymentsConfig payments, IdentifierConfig identifier, IdempotencyConfig idempotency,
                        TerminalAuthConfig terminalAuth, WebhookConfig webhooks, Optional<String> adminToken,
                        long networkDefaultBalanceMinor, Optional<NetworkLinkSettings> networkLink) {
        this(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks, adminToken,
                networkDefaultBalanceMinor, networkLink, RetentionConfig.DEFAULT);
    }

    /** A configuration with the in-process network double. */
    public ServerConfig(HttpSettings http, Optional<DatabaseConfig> database, Path dataDirectory, Optional<Path> keyFile,
                        PaymentsConfig payments, IdentifierConfig identifier, IdempotencyConfig idempotency,
                        TerminalAuthConfig terminalAuth, WebhookConfig webhooks, Optional<String> adminToken,
                        long networkDefaultBalanceMinor) {
        this(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks, adminToken,
                networkDefaultBalanceMinor, Optional.empty());
    }

    public ServerConfig withNetworkLink(NetworkLinkSettings link) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, Optional.of(link), retention, load, keyEncryption, portal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    public ServerConfig withRetention(RetentionConfig schedule) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, schedule, load, keyEncryption, portal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    public ServerConfig withLoad(LoadConfig newLoad) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, newLoad, keyEncryption, portal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    /** With the key file wrapped by {@code kek}. */
    public ServerConfig withKeyEncryption(Optional<KeyEncryptionService> kek) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, kek, portal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    /** With payment events also published to Kafka ({@code settings}), or not (empty). */
    public ServerConfig withKafka(Optional<KafkaSettings> settings) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, portal, webhookTargets, presentations, presentationAttacks,
                settings);
    }

    /** With the keys in {@code file} (e.g. on storage every server shares) instead of {@code dataDirectory/template-keys}. */
    public ServerConfig withKeyFile(Optional<Path> file) {
        return new ServerConfig(http, database, dataDirectory, file, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, portal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    /** The data keys of {@link #effectiveKeyFile()}, unwrapped with {@link #keyEncryption()} when set. */
    public FileKeyProvider openKeys() {
        return FileKeyProvider.openOrCreate(effectiveKeyFile(), keyEncryption);
    }

    public ServerConfig withHttp(HttpSettings newHttp) {
        return new ServerConfig(newHttp, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, portal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    public ServerConfig withPortal(PortalSettings newPortal) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, newPortal, webhookTargets, presentations, presentationAttacks, kafka);
    }

    public ServerConfig withPresentations(PresentationConfig caps) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, portal, webhookTargets, caps, presentationAttacks, kafka);
    }

    public ServerConfig withPresentationAttacks(PresentationAttackSettings settings) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, portal, webhookTargets, presentations,
                settings, kafka);
    }

    public ServerConfig withWebhookTargets(WebhookTargets.Policy policy) {
        return new ServerConfig(http, database, dataDirectory, keyFile, payments, identifier, idempotency, terminalAuth, webhooks,
                adminToken, networkDefaultBalanceMinor, networkLink, retention, load, keyEncryption, portal, policy, presentations, presentationAttacks, kafka);
    }

    /** Where the card network link keeps its reversal journal and message traces. */
    public Path networkDirectory() {
        return dataDirectory.resolve("network");
    }

    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig(HttpSettings.DEFAULT, Optional.empty(), dataDirectory, Optional.empty(), PaymentsConfig.DEFAULT,
                IdentifierConfig.DEFAULT, IdempotencyConfig.DEFAULT, TerminalAuthConfig.DEFAULT, WebhookConfig.DEFAULT, Optional.empty(), 10_000_000);
    }

    public Path effectiveKeyFile() {
        return keyFile.orElse(dataDirectory.resolve("template-keys"));
    }

    public DatabaseConfig effectiveDatabase() {
        return database.orElseGet(() -> DatabaseConfig.embedded(dataDirectory.resolve("db")));
    }

    @Override
    public String toString() {
        return "ServerConfig[" + http + ", " + effectiveDatabase() + ", data=" + dataDirectory + ", admin token " + (adminToken.isPresent() ? "set" : "generated")
                + ", key file " + keyEncryption.map(k -> "wrapped by " + k.keyId()).orElse("plain")
                + ", network " + networkLink.map(n -> n.host() + ":" + n.port()).orElse("in-process") + ", portal codes " + portal.codeSender() + "]";
    }
}
