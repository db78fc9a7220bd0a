package org.openpalm.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.openpalm.payments.idempotency.IdempotencyConfig;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.money.FeeSchedule;
import org.openpalm.payments.privacy.RetentionConfig;
import org.openpalm.payments.service.PaymentsConfig;
import org.openpalm.payments.webhook.WebhookConfig;
import org.openpalm.server.network.NetworkLinkSettings;
import org.openpalm.store.DatabaseConfig;

/**
 * Reads the server configuration: defaults, then a properties file, then environment variables
 * ({@code OPENPALM_} + the key upper-cased with dots as underscores: {@code db.url} ->
 * {@code OPENPALM_DB_URL}). Unknown keys in the file are refused, so typos do not pass silently.
 */
public final class ConfigLoader {
    static final Set<String> KEYS = new TreeSet<>(Set.of(
            "http.host", "http.port", "http.maxRequestBytes",
            "db.url", "db.user", "db.password", "db.schema", "db.maxPoolSize", "db.connectionTimeoutMillis",
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
            "pad.dualBandThresholdSigmas", "pad.singleCameraCheck", "pad.singleCameraThresholdSigmas", "pad.lockoutAfterAttacks",
            "pad.lockoutSeconds"));

    private ConfigLoader() {}

    public static ServerConfig load(Optional<Path> file, Map<String, String> env) {
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
        ServerConfig d = ServerConfig.defaults(Path.of(p.getProperty("data.dir", ".openpalm")));
        HttpSettings http = new HttpSettings(p.getProperty("http.host", d.http().host()), integer(p, "http.port", d.http().port()),
                longValue(p, "http.maxRequestBytes", d.http().maxRequestBytes()));
        Optional<DatabaseConfig> db = Optional.ofNullable(p.getProperty("db.url")).map(url -> new DatabaseConfig(url,
                p.getProperty("db.user", ""), p.getProperty("db.password", ""), Optional.ofNullable(p.getProperty("db.schema")),
                integer(p, "db.maxPoolSize", 10), longValue(p, "db.connectionTimeoutMillis", 5_000)));
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
                networkLink(p)).withRetention(retention).withPresentationAttacks(presentationAttacks(p));
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
