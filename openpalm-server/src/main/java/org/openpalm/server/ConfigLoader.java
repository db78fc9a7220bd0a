package org.openpalm.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.openpalm.payments.attempt.PresentationConfig;
import org.openpalm.payments.idempotency.IdempotencyConfig;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.money.FeeSchedule;
import org.openpalm.payments.privacy.RetentionConfig;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.webhook.WebhookConfig;
import org.openpalm.server.http.AddressRange;
import org.openpalm.server.http.WebhookTargets;
import org.openpalm.server.network.NetworkLinkSettings;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.EnvironmentKeyEncryption;

/**
 * Reads the server configuration: defaults, then a properties file, then environment variables
 * ({@code OPENPALM_} + the key upper-cased with dots as underscores: {@code db.url} ->
 * {@code OPENPALM_DB_URL}). Unknown keys in the file are refused, so typos do not pass silently.
 */
public final class ConfigLoader {
    static final Set<String> KEYS = new TreeSet<>(Set.of(
            "http.host", "http.port", "http.maxRequestBytes",
            "db.url", "db.readUrl", "db.user", "db.password", "db.schema", "db.maxPoolSize", "db.connectionTimeoutMillis",
            "data.dir", "keys.file", "admin.token",
            "payments.maxConcurrentIdentifications", "payments.maxConcurrentAuthorisations", "payments.permitWaitMillis",
            "payments.feeRateBasisPoints", "payments.feeFixedMinor", "payments.claimRecoveryAfterMillis",
            "identify.falsePositiveIdentificationRate", "identify.plausibleFalsePositiveIdentificationRate",
            "identify.undecidedMarginPoints", "identify.fineCandidates",
            "idempotency.retentionHours", "idempotency.inProgressLeaseSeconds", "terminal.maxClockSkewSeconds",
            "network.defaultBalanceMinor", "network.host", "network.port", "network.connectTimeoutMillis",
            "network.responseTimeoutMillis", "network.echoIntervalMillis", "network.reversalRetryIntervalMillis",
            "network.acquirerId", "network.terminalId", "webhooks.pollIntervalMillis", "webhooks.maxAttempts", "webhooks.initialBackoffMillis",
            "webhooks.maxBackoffMillis", "webhooks.requestTimeoutMillis",
            "retention.palmDataRetentionDays", "retention.jobIntervalHours",
            "load.maxConcurrentImageDecodes", "load.imageDecodePermitWaitMillis", "load.retryAfterSeconds",
            "terminal.rateLimitRequestsPerMinute", "terminal.rateLimitBurstRequests",
            "http.tls.keystoreFile", "http.tls.keystorePassword", "http.trustedProxies", "admin.host", "admin.port", "admin.requestsPerMinute",
            "portal.codeSender", "portal.codeSenderUrl", "portal.codeSenderToken", "portal.phoneDailyCap", "portal.clientDailyCap",
            "webhooks.allowPlainHttp", "webhooks.allowLoopback",
            "presentations.maxPerPayment", "presentations.maxPerTerminalPerMinute", "presentations.captureMemoryHours",
            "presentations.recentTemplateCaptures",

            "pad.dualBandThresholdSigmas", "pad.singleCameraCheck", "pad.singleCameraThresholdSigmas", "pad.lockoutAfterAttacks",
            "pad.lockoutSeconds",
            "kafka.bootstrapServers", "kafka.topicPrefix", "kafka.clientId", "kafka.deliveryTimeoutMillis", "kafka.pollIntervalMillis",
            "kafka.batchSize",
            "cluster.members", "cluster.host", "cluster.port", "cluster.name", "cluster.partitionCount"));

    private ConfigLoader() {}

    public static ServerConfig load(Optional<Path> file, Map<String, String> env) {
        Properties p = properties(file, env);
        ServerConfig d = ServerConfig.defaults(Path.of(p.getProperty("data.dir", ".openpalm")));
        HttpSettings http = httpSettings(p, d.http());
        Optional<DatabaseConfig> db = Optional.ofNullable(p.getProperty("db.url")).map(url -> new DatabaseConfig(url,
                p.getProperty("db.user", ""), p.getProperty("db.password", ""), Optional.ofNullable(p.getProperty("db.schema")),
                integer(p, "db.maxPoolSize", 10), longValue(p, "db.connectionTimeoutMillis", 5_000),
                Optional.ofNullable(p.getProperty("db.readUrl"))));
        PaymentsConfig payments = new PaymentsConfig(
                integer(p, "payments.maxConcurrentIdentifications", d.payments().maxConcurrentIdentifications()),
                integer(p, "payments.maxConcurrentAuthorisations", d.payments().maxConcurrentAuthorisations()),
                longValue(p, "payments.permitWaitMillis", d.payments().permitWaitMillis()),
                new FeeSchedule(integer(p, "payments.feeRateBasisPoints", FeeSchedule.DEFAULT.rateBasisPoints()),
                        longValue(p, "payments.feeFixedMinor", FeeSchedule.DEFAULT.fixedMinor())),
                longValue(p, "payments.claimRecoveryAfterMillis", d.payments().claimRecoveryAfterMillis()));
        IdentifierConfig identifier = new IdentifierConfig(
                doubleValue(p, "identify.falsePositiveIdentificationRate", d.identifier().falsePositiveIdentificationRate()),
                doubleValue(p, "identify.plausibleFalsePositiveIdentificationRate", d.identifier().plausibleFalsePositiveIdentificationRate()),
                doubleValue(p, "identify.undecidedMarginPoints", d.identifier().undecidedMarginPoints()),
                integer(p, "identify.fineCandidates", d.identifier().fineCandidates()));
        RetentionConfig retention = new RetentionConfig(integer(p, "retention.palmDataRetentionDays", d.retention().palmDataRetentionDays()),
                integer(p, "retention.jobIntervalHours", d.retention().jobIntervalHours()));
        return new ServerConfig(http, db, d.dataDirectory(), Optional.ofNullable(p.getProperty("keys.file")).map(Path::of), payments,
                identifier, new IdempotencyConfig(longValue(p, "idempotency.retentionHours", d.idempotency().retentionHours()),
                        longValue(p, "idempotency.inProgressLeaseSeconds", d.idempotency().inProgressLeaseSeconds())),
                new TerminalAuthConfig(longValue(p, "terminal.maxClockSkewSeconds", d.terminalAuth().maxClockSkewSeconds())),
                new WebhookConfig(longValue(p, "webhooks.pollIntervalMillis", d.webhooks().pollIntervalMillis()),
                        integer(p, "webhooks.maxAttempts", d.webhooks().maxAttempts()),
                        longValue(p, "webhooks.initialBackoffMillis", d.webhooks().initialBackoffMillis()),
                        longValue(p, "webhooks.maxBackoffMillis", d.webhooks().maxBackoffMillis()),
                        longValue(p, "webhooks.requestTimeoutMillis", d.webhooks().requestTimeoutMillis()),
                        d.webhooks().batchSize(), Math.max(d.webhooks().lockMillis(), 2 * longValue(p, "webhooks.requestTimeoutMillis", d.webhooks().requestTimeoutMillis()))),
                Optional.ofNullable(p.getProperty("admin.token")), longValue(p, "network.defaultBalanceMinor", d.networkDefaultBalanceMinor()),
                networkLink(p)).withRetention(retention).withLoad(new LoadConfig(
                integer(p, "load.maxConcurrentImageDecodes", d.load().maxConcurrentImageDecodes()),
                longValue(p, "load.imageDecodePermitWaitMillis", d.load().imageDecodePermitWaitMillis()),
                integer(p, "terminal.rateLimitRequestsPerMinute", d.load().terminalRateLimitRequestsPerMinute()),
                integer(p, "terminal.rateLimitBurstRequests", d.load().terminalRateLimitBurstRequests()),
                longValue(p, "load.retryAfterSeconds", d.load().retryAfterSeconds())))
                // from the environment only: a key-encrypting key in the file beside the keys would protect nothing
                .withKeyEncryption(EnvironmentKeyEncryption.fromEnvironment(env))
                .withPortal(portal(p, d.portal()))
                .withWebhookTargets(new WebhookTargets.Policy(bool(p, "webhooks.allowPlainHttp"), bool(p, "webhooks.allowLoopback")))
                .withPresentations(new PresentationConfig(
                        integer(p, "presentations.maxPerPayment", d.presentations().maxPerPayment()),
                        integer(p, "presentations.maxPerTerminalPerMinute", d.presentations().maxPerTerminalPerMinute()),
                        integer(p, "presentations.captureMemoryHours", d.presentations().captureMemoryHours()),
                        integer(p, "presentations.recentTemplateCaptures", d.presentations().recentTemplateCaptures())))
                .withPresentationAttacks(presentationAttacks(p))
                .withKafka(kafka(p));
    }

    /** Payment events on Kafka when {@code kafka.bootstrapServers} is set; else none (and no broker needed). */
    private static Optional<org.openpalm.events.kafka.KafkaSettings> kafka(Properties p) {
        String servers = p.getProperty("kafka.bootstrapServers");
        if (servers == null || servers.isBlank()) return Optional.empty();
        org.openpalm.events.kafka.KafkaSettings d = org.openpalm.events.kafka.KafkaSettings.of(servers.strip());
        org.openpalm.payments.events.EventRelayConfig relay = new org.openpalm.payments.events.EventRelayConfig(
                longValue(p, "kafka.pollIntervalMillis", d.relay().pollIntervalMillis()), integer(p, "kafka.batchSize", d.relay().batchSize()),
                d.relay().claimMillis());
        return Optional.of(new org.openpalm.events.kafka.KafkaSettings(d.bootstrapServers(), p.getProperty("kafka.topicPrefix", d.topicPrefix()),
                p.getProperty("kafka.clientId", d.clientId()), longValue(p, "kafka.deliveryTimeoutMillis", d.deliveryTimeoutMillis()), relay));
    }

    /**
     * The clustered gallery's settings, when {@code cluster.members} is set (host:port of every
     * server, this one included); empty: the server keeps its own gallery, as without clusters.
     * {@code cluster.host}/{@code cluster.port} name this member (default 127.0.0.1:5701).
     */
    public static Optional<org.openpalm.cluster.ClusterConfig> cluster(Optional<Path> file, Map<String, String> env) {
        Properties p = properties(file, env);
        String members = p.getProperty("cluster.members", "").trim();
        if (members.isEmpty()) return Optional.empty();
        org.openpalm.cluster.ClusterConfig c = org.openpalm.cluster.ClusterConfig.of(p.getProperty("cluster.host", "127.0.0.1"),
                integer(p, "cluster.port", 5701), List.of(members.split("\\s*,\\s*")));
        return Optional.of(c.withClusterName(p.getProperty("cluster.name", c.clusterName()))
                .withPartitionCount(integer(p, "cluster.partitionCount", c.partitionCount())));
    }

    private static Properties properties(Optional<Path> file, Map<String, String> env) {
        Properties p = new Properties();
        if (file.isPresent()) {
            try (Reader r = Files.newBufferedReader(file.get())) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + file.get(), e);
            }
            for (String k : p.stringPropertyNames()) {
                if (!KEYS.contains(k)) throw new IllegalArgumentException("unknown key in " + file.get() + ": " + k + " (known: " + KEYS + ")");
            }
        }
        for (String k : KEYS) {
            String envName = "OPENPALM_" + k.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
            String v = env.get(envName);
            if (v != null && !v.isBlank()) p.setProperty(k, v);
        }
        return p;
    }

    private static PresentationAttackSettings presentationAttacks(Properties p) {
        PresentationAttackSettings d = PresentationAttackSettings.DEFAULT;
        String single = p.getProperty("pad.singleCameraCheck");
        if (single != null && !single.strip().equals("true") && !single.strip().equals("false")) {
            throw new IllegalArgumentException("pad.singleCameraCheck must be true or false, got '" + single + "'");
        }
        return new PresentationAttackSettings(doubleValue(p, "pad.dualBandThresholdSigmas", d.dualBandThresholdSigmas()),
                single == null ? d.singleCameraCheck() : single.strip().equals("true"),
                doubleValue(p, "pad.singleCameraThresholdSigmas", d.singleCameraThresholdSigmas()),
                integer(p, "pad.lockoutAfterAttacks", d.lockoutAfterAttacks()), longValue(p, "pad.lockoutSeconds", d.lockoutSeconds()));
    }

    /** Listener, TLS (both keystore keys or neither), trusted proxies (comma-separated addresses or CIDR ranges) and the admin listener. */
    private static HttpSettings httpSettings(Properties p, HttpSettings d) {
        HttpSettings.AdminListener admin = new HttpSettings.AdminListener(p.getProperty("admin.host", d.admin().host()).strip(),
                integer(p, "admin.port", d.admin().port()), integer(p, "admin.requestsPerMinute", d.admin().requestsPerMinute()));
        List<AddressRange> proxies = new ArrayList<>();
        for (String proxy : p.getProperty("http.trustedProxies", "").split(",")) {
            if (proxy.isBlank()) continue;
            try {
                proxies.add(AddressRange.parse(proxy));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("http.trustedProxies: " + e.getMessage());
            }
        }
        String keystore = p.getProperty("http.tls.keystoreFile");
        String password = p.getProperty("http.tls.keystorePassword");
        if ((keystore == null) != (password == null)) throw new IllegalArgumentException("http.tls.keystoreFile and http.tls.keystorePassword go together");
        HttpSettings http = new HttpSettings(p.getProperty("http.host", d.host()), integer(p, "http.port", d.port()),
                longValue(p, "http.maxRequestBytes", d.maxRequestBytes())).withAdmin(admin).withTrustedProxies(proxies);
        if (keystore == null) return http;
        if (!Files.isReadable(Path.of(keystore))) throw new IllegalArgumentException("http.tls.keystoreFile " + keystore + " is not a readable file");
        return http.withTls(new HttpSettings.Tls(Path.of(keystore), password));
    }

    /** {@code portal.codeSender}: {@code log} or {@code http} (with {@code portal.codeSenderUrl}); unset: the log, refused by serve. */
    private static PortalSettings portal(Properties p, PortalSettings d) {
        var limits = d.signIn().withDailyCaps(integer(p, "portal.phoneDailyCap", d.signIn().perPhone().dailyCap()),
                integer(p, "portal.clientDailyCap", d.signIn().perClient().dailyCap()));
        String sender = p.getProperty("portal.codeSender");
        Optional<String> url = Optional.ofNullable(p.getProperty("portal.codeSenderUrl")).map(String::strip);
        Optional<String> token = Optional.ofNullable(p.getProperty("portal.codeSenderToken")).map(String::strip);
        if (sender == null) {
            if (url.isPresent() || token.isPresent()) throw new IllegalArgumentException("portal.codeSenderUrl is set but portal.codeSender is not: set portal.codeSender=http");
            return new PortalSettings(d.codeSender(), limits);
        }
        return switch (sender.strip()) {
            case "log" -> new PortalSettings(new PortalSettings.CodeSender.Log(true), limits);
            case "http" -> {
                URI uri;
                try {
                    uri = new URI(url.orElseThrow(() -> new IllegalArgumentException("portal.codeSender=http needs portal.codeSenderUrl")));
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("portal.codeSenderUrl is not a URL: " + e.getMessage());
                }
                yield new PortalSettings(new PortalSettings.CodeSender.Http(uri, token), limits);
            }
            default -> throw new IllegalArgumentException("portal.codeSender must be log or http, got '" + sender + "'");
        };
    }

    private static boolean bool(Properties p, String key) {
        String v = p.getProperty(key, "false").strip();
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        };
    }

    /** The ISO 8583 network when {@code network.port} is set (host default 127.0.0.1); else empty (in-process double). */
    private static Optional<NetworkLinkSettings> networkLink(Properties p) {
        if (p.getProperty("network.port") == null) {
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("network.") && !k.equals("network.defaultBalanceMinor")) {
                    throw new IllegalArgumentException(k + " is set but network.port is not: set network.port to use the ISO 8583 network");
                }
            }
            return Optional.empty();
        }
        String host = p.getProperty("network.host", "127.0.0.1").strip();
        NetworkLinkSettings d = NetworkLinkSettings.defaults(host.isEmpty() ? "127.0.0.1" : host, integer(p, "network.port", 0));
        return Optional.of(new NetworkLinkSettings(d.host(), d.port(),
                longValue(p, "network.connectTimeoutMillis", d.connectTimeoutMillis()),
                longValue(p, "network.responseTimeoutMillis", d.responseTimeoutMillis()),
                longValue(p, "network.echoIntervalMillis", d.echoIntervalMillis()),
                longValue(p, "network.reversalRetryIntervalMillis", d.reversalRetryIntervalMillis()),
                p.getProperty("network.acquirerId", d.acquirerId()).strip(),
                p.getProperty("network.terminalId", d.terminalId())));
    }

    private static int integer(Properties p, String key, int def) {
        String v = p.getProperty(key);
        try {
            return v == null ? def : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static long longValue(Properties p, String key, long def) {
        String v = p.getProperty(key);
        try {
            return v == null ? def : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static double doubleValue(Properties p, String key, double def) {
        String v = p.getProperty(key);
        try {
            return v == null ? def : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }
}
