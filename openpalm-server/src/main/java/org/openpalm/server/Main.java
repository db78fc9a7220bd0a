package org.openpalm.server;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.ServerConnector;
import org.openpalm.payments.portal.OneTimeCodeSender;
import org.openpalm.server.http.AdminListenerGate;
import org.openpalm.server.http.ClientOrigin;
import org.openpalm.server.http.RateLimiter;
import org.openpalm.server.http.SecurityHeaders;
import org.openpalm.server.http.WebhookApi;
import org.openpalm.server.http.WebhookTargets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openpalm.payments.idempotency.Idempotent;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.cluster.ClusterConfig;
import org.openpalm.cluster.ClusteredPalmIdentifier;
import org.openpalm.cluster.PalmCluster;
import org.openpalm.cluster.RepositoryPalmLoader;
import org.openpalm.payments.card.TokenService;
import org.openpalm.payments.card.CardVerifier;
import org.openpalm.payments.attempt.PresentationGuard;
import org.openpalm.payments.portal.OneTimeCodeSender;
import org.openpalm.biometrics.ReplayConfig;
import org.openpalm.biometrics.ReplayGuard;
import org.openpalm.payments.network.CardAuthoriser;
import org.openpalm.payments.network.InProcessNetwork;
import org.openpalm.payments.service.BackofficeConfig;
import org.openpalm.payments.service.BackofficeService;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.MerchantService;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.service.Storage;
import org.openpalm.server.http.AdminApi;
import org.openpalm.server.http.Api;
import org.openpalm.server.http.PresentationAttackGuard;
import org.openpalm.server.http.DashboardApi;
import org.openpalm.server.http.TerminalPagesApi;
import org.openpalm.payments.insights.InsightsCalculator;
import org.openpalm.payments.insights.InsightsConfig;
import org.openpalm.payments.portal.PortalSignIn;
import org.openpalm.payments.privacy.PrivacyPorts;
import org.openpalm.payments.privacy.PrivacyService;
import org.openpalm.payments.privacy.RetentionConfig;
import org.openpalm.server.http.InsightsApi;
import org.openpalm.server.http.PortalApi;
import org.openpalm.server.http.PrivacyApi;
import org.openpalm.server.http.WebApiConfig;
import org.openpalm.server.http.MicrometerObserver;
import org.openpalm.server.http.TerminalAuth;
import org.openpalm.server.http.PhoneEnrolmentApi;
import org.openpalm.payments.service.PreEnrolmentConfig;
import org.openpalm.payments.service.PreEnrolmentService;
import org.openpalm.server.http.WebhookDispatcher;
import org.openpalm.server.network.Iso8583CardAuthoriser;
import org.openpalm.server.network.NetworkLinkSettings;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcPrivacyStorage;
import org.openpalm.store.JdbcStorage;
import org.openpalm.store.JdbcLoyaltyStore;
import org.openpalm.store.JdbcAccessStore;
import org.openpalm.payments.loyalty.LoyaltyService;
import org.openpalm.payments.access.EntryService;
import org.openpalm.payments.access.AccessGallery;
import org.openpalm.payments.age.AgeService;
import org.openpalm.payments.service.PalmLookup;
import org.openpalm.server.http.LoyaltyApi;
import org.openpalm.store.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Explicit wiring of the whole server: no framework, every dependency visible here. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        ServerConfig config = ConfigLoader.load(file, System.getenv());
        config.portal().refusalToServe().ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        OpenPalmServer server = start(config, codeSender(config.portal()), ConfigLoader.cluster(file, System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "openpalm-shutdown"));
    }

    /** With the portal's configured code sender ({@code portal.codeSender}) for sign-in and enrolment codes. */
    public static OpenPalmServer start(ServerConfig config) {
        return start(config, codeSender(config.portal()));
    }

    /** With {@code codeSender} for the portal sign-in and enrolment codes (the demo, the bench and tests read them from it). */
    public static OpenPalmServer start(ServerConfig config, OneTimeCodeSender codeSender) {
        return start(config, codeSender, Optional.empty());
    }

    /**
     * With {@code cluster}: the gallery is this server's share of a Hazelcast cluster of servers
     * ({@code cluster.members}), filled from the database by a fresh cluster; without, the
     * server's own index, loaded at start-up (as before clusters).
     */
    public static OpenPalmServer start(ServerConfig config, OneTimeCodeSender codeSender, Optional<ClusterConfig> cluster) {
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000)); // microseconds: what PostgreSQL keeps
        createDirectory(config.dataDirectory());
        if (config.database().isEmpty()) createDirectory(config.dataDirectory().resolve("db")); // the H2 files, 0700
        Database database = Database.open(config.effectiveDatabase());
        Optional<Database> reads;
        Optional<PalmCluster> palmCluster = Optional.empty();
        try {
            reads = config.effectiveDatabase().forReads().map(Database::openForReads);
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
        try {
            org.openpalm.store.KeyProvider keys = config.openKeys(); // the interface: a key service may stand in for the file
            // Every server on this database must hold the keys its data is sealed with: refuse to start otherwise.
            if (org.openpalm.store.KeyFingerprints.verifyOrRecord(database, keys, clock) instanceof org.openpalm.store.KeyFingerprints.Check.Refused refused) {
                throw new IllegalStateException(refused.reason());
            }
            // with an event stream configured, each payment event is also written to its outbox in the payment's transaction
            Storage storage = config.kafka().isPresent() ? JdbcStorage.withEventStream(database, keys) : JdbcStorage.over(database, keys);
            int sealed = JdbcStorage.sealPlainPhoneNumbers(storage);
            if (sealed > 0) LOG.info("sealed {} phone numbers stored in plain before they were encrypted", sealed);
            CardNetwork network = cardNetwork(config, database, clock);
            // The index holds protected templates only, under the key the store protects them with.
            palmCluster = cluster.map(c -> PalmCluster.join(c, IndexedPalmIdentifier.indexConfig(config.identifier()), keys.currentProtection(),
                    Optional.of(new RepositoryPalmLoader(storage.palms(), keys.currentProtection()))));
            PalmIdentifier identifier = org.openpalm.server.http.SearchTiming.around(palmCluster
                    .<PalmIdentifier>map(c -> new ClusteredPalmIdentifier(config.identifier(), c))
                    .orElseGet(() -> new IndexedPalmIdentifier(config.identifier(), keys.currentProtection())));
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // Process health beside the payment meters, so /metrics is useful from the first scrape.
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics);
            new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(metrics);
            new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(metrics);
            MerchantService merchants = new MerchantService(storage);
            PrivacyPorts privacyPorts = JdbcPrivacyStorage.over(storage);
            // Every palm received: replays (digests shared in the database, templates in this server's memory) and attempt caps.
            PresentationGuard presentations = new PresentationGuard(JdbcStorage.presentations(storage), storage.transactor(), privacyPorts.audit(),
                    new ReplayGuard(ReplayConfig.DEFAULT.withWindowCaptures(config.presentations().recentTemplateCaptures())), config.presentations(), clock);
            EnrolmentService enrolment = new EnrolmentService(storage, identifier, network.tokens(), privacyPorts.audit(), clock,
                    new EnrolmentService.EnrolmentChecks(network.verifier(), JdbcStorage.phoneChecks(storage), codeSender, presentations,
                            EnrolmentService.PhoneCheckConfig.DEFAULT));
            org.openpalm.payments.loyalty.LoyaltyStore loyaltyStore = JdbcLoyaltyStore.over(storage);
            JdbcAccessStore accessStore = JdbcAccessStore.over(storage);
            // the palms of each merchant's consented shoppers, searched first at its gates
            AccessGallery accessGallery = new AccessGallery(() -> new IndexedPalmIdentifier(config.identifier(), keys.currentProtection()), storage.palms());
            // memberships, entry consents, tickets and age attestations go with the palm data
            PrivacyService privacy = new PrivacyService(storage, privacyPorts, identifier, config.retention(), clock,
                    java.util.List.of(loyaltyStore::forget, accessStore::forget, accessGallery));
            ExecutorService codeDelivery = Executors.newVirtualThreadPerTaskExecutor();
            PortalSignIn portalSignIn = new PortalSignIn(storage.transactor(), storage.customers(), privacyPorts.portal(), privacyPorts.audit(),
                    codeSender, codeDelivery, config.portal().signIn(), clock);
            // The palm as a membership card (issue 17): loyalty prices and points ride on the payment's transaction.
            LoyaltyService loyalty = new LoyaltyService(storage.transactor(), loyaltyStore, privacyPorts.audit(), clock);
            PalmLookup palmLookup = new PalmLookup(identifier, storage);
            EntryService entries = new EntryService(storage.transactor(), accessStore, loyalty.store(), palmLookup, privacyPorts.audit(), clock,
                    Optional.of(accessGallery));
            AgeService ages = new AgeService(storage.transactor(), accessStore, palmLookup, privacyPorts.audit(), clock);
            // Pre-enrolments from the phone page: pending palms are confirmed 1:1 at their first palm payment.
            PreEnrolmentService preEnrolments = new PreEnrolmentService(storage, JdbcStorage.preEnrolments(storage), enrolment, identifier,
                    privacyPorts.audit(), PreEnrolmentConfig.DEFAULT, clock);
            PaymentService payments = new PaymentService(storage, identifier, network.authoriser(), config.payments(), clock, new MicrometerObserver(metrics),
                    new PaymentService.Extensions(loyalty, preEnrolments, ages));
            Idempotent idempotent = new Idempotent(storage.idempotency(), storage.transactor(), config.idempotency(), clock);
            TerminalAuth terminalAuth = new TerminalAuth(merchants, storage.nonces(), config.terminalAuth(), clock);
            PresentationAttackGuard presentationAttacks = new PresentationAttackGuard(config.presentationAttacks(), metrics, privacyPorts.audit(), clock);
            Api api = new Api(merchants, payments, enrolment, idempotent, terminalAuth, metrics, database::isReachable, adminToken(config),
                    config.load(), presentations, presentationAttacks, Optional.of(loyalty));
            // Read-only reports (daily volumes, settlement, insights) on the standby when db.readUrl is set.
            Storage reportStorage = reads.map(r -> JdbcStorage.over(r, keys)).orElse(storage);
            BackofficeService backoffice = new BackofficeService(storage, JdbcStorage.directory(storage), JdbcStorage.queries(storage),
                    JdbcStorage.queries(reportStorage), BackofficeConfig.DEFAULT, clock);

            long loadStart = System.nanoTime();
            // A cluster loads itself from the database (its map loader): only a server's own index is filled here.
            int palms = palmCluster.isPresent() ? identifier.size() : enrolment.loadIdentifier();
            int gateConsents = accessGallery.load(accessStore.activeConsents());
            if (gateConsents > 0) LOG.info("loaded the palms of {} entry consents into the gates' galleries", gateConsents);
            LOG.info("loaded {} enrolled palms into the identifier in {} ms", palms, (System.nanoTime() - loadStart) / 1_000_000);
            ClientOrigin origin = new ClientOrigin(config.http().trustedProxies());
            AtomicReference<ServerConnector> publicConnector = new AtomicReference<>();
            AtomicReference<ServerConnector> adminConnector = new AtomicReference<>();
            WebhookTargets webhookTargets = new WebhookTargets(config.webhookTargets());
            Javalin app = Javalin.create(c -> {
                c.concurrency.useVirtualThreads = true;
                c.startup.showJavalinBanner = false;
                c.http.maxRequestSize = config.http().maxRequestBytes();
                // the public listener first (app.port() is the first connector's), then the admin API's own
                c.jetty.addConnector((server, httpConfig) -> {
                    publicConnector.set(Listeners.connector(server, httpConfig, config.http().host(), config.http().port(), config.http().tls()));
                    return publicConnector.get();
                });
                c.jetty.addConnector((server, httpConfig) -> {
                    adminConnector.set(Listeners.connector(server, httpConfig, config.http().admin().host(), config.http().admin().port(), config.http().tls()));
                    return adminConnector.get();
                });
                c.jetty.modifyServer(server -> server.setHandler(new SecurityHeaders(origin)));
                // X-Forwarded-* only from the configured proxies: the client address for backoffs, https for Secure cookies
                c.contextResolver.ip = ctx -> origin.clientAddress(ctx.req().getRemoteAddr(), Optional.ofNullable(ctx.header("X-Forwarded-For")));
                c.contextResolver.scheme = ctx -> origin.isSecure(ctx.req().isSecure(), ctx.req().getRemoteAddr(),
                        Optional.ofNullable(ctx.header("X-Forwarded-Proto"))) ? "https" : "http";
                new AdminListenerGate(() -> adminConnector.get().getLocalPort(), () -> publicConnector.get().getLocalPort(),
                        new RateLimiter(config.http().admin().requestsPerMinute(), 10_000, System::nanoTime)).routes(c);
                // The browser pages (reader, kiosk, dashboard, portal, admin): static files from the jar.
                c.staticFiles.add("/web", io.javalin.http.staticfiles.Location.CLASSPATH);
                // MediaPipe Hands and hand-landmarks.js (openpalm-web-assets) under /assets: the pages' hand landmarks, loaded from here, never from the internet
                c.staticFiles.add(sf -> {
                    sf.hostedPath = "/assets";
                    sf.directory = "/openpalm-web";
                    sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                    sf.mimeTypes.add("application/wasm", "wasm");
                    sf.mimeTypes.add("application/octet-stream", "data", "binarypb", "tflite");
                    sf.headers = java.util.Map.of("Cache-Control", "max-age=86400");
                });
                api.routes(c);
                new TerminalPagesApi(api, backoffice, WebApiConfig.DEFAULT).routes(c);
                new DashboardApi(api, backoffice, WebApiConfig.DEFAULT).routes(c);
                new AdminApi(api, backoffice, merchants).routes(c);
                var membershipsExport = Optional.of(new org.openpalm.server.http.PalmMembershipsExport(loyaltyStore, accessStore, accessStore));
                new PortalApi(api, portalSignIn, privacy, membershipsExport).routes(c);
                new WebhookApi(api, merchants, webhookTargets).routes(c);
                new PrivacyApi(api, privacy, privacyPorts.audit(), membershipsExport).routes(c);
                new InsightsApi(api, JdbcPrivacyStorage.over(reportStorage).privacy(), new InsightsCalculator(InsightsConfig.DEFAULT)).routes(c);
                new LoyaltyApi(api, loyalty, entries, ages, palmLookup, portalSignIn).routes(c);
                new PhoneEnrolmentApi(api, enrolment, preEnrolments, portalSignIn, PhoneEnrolmentApi.PhonePageConfig.DEFAULT).routes(c);
            }).start();

            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("openpalm-housekeeping").factory());
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    int purged = idempotent.purgeExpired();
                    int nonces = terminalAuth.purgeExpiredNonces();
                    portalSignIn.purgeExpired();
                    presentations.purgeExpired();
                    if (purged + nonces > 0) LOG.info("purged {} expired idempotency keys and {} terminal nonces", purged, nonces);
                } catch (RuntimeException e) {
                    LOG.warn("idempotency key purge failed: {}", e.getMessage());
                }
            }, 1, 10, TimeUnit.MINUTES);
            // The published retention schedule: palm data unused for the retention period is deleted daily.
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    int erased = privacy.applyRetention();
                    LOG.info("retention: erased the palm data of {} customer(s) unused for {} days", erased, privacy.retention().palmDataRetentionDays());
                } catch (RuntimeException e) {
                    LOG.warn("retention job failed: {}", e.getMessage());
                }
            }, 1, privacy.retention().jobIntervalHours() * 60L, TimeUnit.MINUTES);
            // Pre-enrolments unconfirmed for their pending days are deleted.
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    int lapsed = preEnrolments.purgeLapsed();
                    if (lapsed > 0) LOG.info("deleted {} pre-enrolment(s) unconfirmed for {} days", lapsed, preEnrolments.config().pendingDays());
                } catch (RuntimeException e) {
                    LOG.warn("pre-enrolment lapse job failed: {}", e.getMessage());
                }
            }, 1, 60, TimeUnit.MINUTES);
            // Claim, then call, then settle: captures, voids and refunds whose call was cut (a crash,
            // a lost answer, a client that gave up) are driven to their end from their claims.
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    int recovered = payments.recoverClaims();
                    if (recovered > 0) LOG.info("recovered {} claimed money movement(s) whose network call had not finished", recovered);
                } catch (RuntimeException e) {
                    LOG.warn("claim recovery failed: {}", e.getMessage());
                }
            }, 0, Math.max(1_000, config.payments().claimRecoveryAfterMillis() / 4), TimeUnit.MILLISECONDS);
            WebhookDispatcher webhooks = new WebhookDispatcher(storage.webhooks(), storage.payments(), config.webhooks(), webhookTargets, clock,
                    Optional.of(loyaltyStore)).start();
            Optional<org.openpalm.payments.events.EventPublisher> eventPublisher = config.kafka().map(org.openpalm.events.kafka.KafkaEventPublisher::connect);
            Optional<org.openpalm.payments.events.EventRelay> eventRelay = eventPublisher.map(publisher -> new org.openpalm.payments.events.EventRelay(
                    JdbcStorage.eventOutbox(storage), publisher, config.kafka().orElseThrow().relay(), clock).start());
            config.kafka().ifPresent(k -> LOG.info("payment events: published to Kafka at {} (topics {}<family>)", k.bootstrapServers(), k.topicPrefix()));
            LOG.info("OpenPalm listening on {}://{}:{}, admin API on {}:{} ({}, {} enrolled palms)", config.http().tls().isPresent() ? "https" : "http",
                    config.http().host(), app.port(), config.http().admin().host(), adminConnector.get().getLocalPort(), config.effectiveDatabase(), palms);
            Optional<PalmCluster> clusterMember = palmCluster;
            return new OpenPalmServer(app, adminConnector.get().getLocalPort(), database, storage, network.inProcess(), identifier, () -> {
                try {
                    eventRelay.ifPresent(org.openpalm.payments.events.EventRelay::close);
                    eventPublisher.ifPresent(org.openpalm.payments.events.EventPublisher::close);
                    webhooks.close();
                    codeDelivery.shutdownNow();
                    housekeeping.shutdownNow();
                } finally {
                    network.close().run();
                    reads.ifPresent(Database::close);
                    clusterMember.ifPresent(PalmCluster::close);
                }
            });
        } catch (RuntimeException | Error e) {
            palmCluster.ifPresent(PalmCluster::close);
            reads.ifPresent(Database::close);
            database.close();
            throw e;
        }
    }

    /** The configured sender of portal sign-in codes ({@code portal.codeSender}). */
    public static OneTimeCodeSender codeSender(PortalSettings portal) {
        return switch (portal.codeSender()) {
            case PortalSettings.CodeSender.Log log -> {
                if (!log.chosen()) LOG.warn("portal.codeSender is not set: portal sign-in codes go to this log (openpalm serve refuses this)");
                yield new LogOneTimeCodeSender();
            }
            case PortalSettings.CodeSender.Http http -> new HttpOneTimeCodeSender(http);
        };
    }

    /** The card network ports: the ISO 8583 link when configured, else the in-process double. */
    private record CardNetwork(TokenService tokens, CardAuthoriser authoriser, CardVerifier verifier, Optional<InProcessNetwork> inProcess, Runnable close) {}

    private static CardNetwork cardNetwork(ServerConfig config, Database database, Clock clock) {
        if (config.networkLink().isPresent()) {
            NetworkLinkSettings link = config.networkLink().get();
            // traces and reversals in the database the servers share (files of older versions imported once)
            Iso8583CardAuthoriser network = Iso8583CardAuthoriser.start(link, new org.openpalm.store.JdbcNetworkState(database, clock),
                    config.networkDirectory(), clock);
            LOG.info("card network: ISO 8583 link to {}:{} (signed on: {})", link.host(), link.port(), network.isSignedOn());
            return new CardNetwork(network, network, network, Optional.empty(), network::close);
        }
        // Its clearing file, as a card network sends each acquirer daily: for `openpalm ledger reconcile`.
        InProcessNetwork network = new InProcessNetwork(config.networkDefaultBalanceMinor(),
                Optional.of(config.dataDirectory().resolve("clearing")));
        LOG.info("card network: in-process double (set network.port to use an ISO 8583 network)");
        return new CardNetwork(network, network, network, Optional.of(network), () -> { });
    }

    /** A folder of server data, 0700 when created (see {@link PrivateFiles}). */
    private static void createDirectory(Path dir) {
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    /** The configured admin token, else one kept in {@code dataDirectory/admin-token} (mode 600), made on first start. */
    private static String adminToken(ServerConfig config) {
        if (config.adminToken().isPresent()) return config.adminToken().get();
        Path file = config.dataDirectory().resolve("admin-token");
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                PrivateFiles.createFile(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                LOG.info("generated an admin token in {}", file.toAbsolutePath());
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
