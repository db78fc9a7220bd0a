package org.openpalm.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.SyntheticPalms;
import org.openpalm.cli.ProgressBar;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.server.HttpSettings;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.PortalSettings;
import org.openpalm.server.http.WebhookTargets;
import org.openpalm.server.RecordingOneTimeCodeSender;
import org.openpalm.server.ServerConfig;
import org.openpalm.server.network.NetworkLinkSettings;

/**
 * A running demo: the card network simulator, the payment server on the embedded H2 database in
 * the demo directory, and the merchant, terminals and customers seeded through the HTTP API
 * exactly as a kiosk would enrol them (or reused from an earlier run). {@link #close()} stops both.
 */
public final class DemoEnvironment implements AutoCloseable {
    /**
     * Tuning of the demo.
     *
     * @param enrolCapturesPerCustomer kiosk captures enrolled per customer
     * @param spareKioskCards demo-bank cards left unused, for enrolling more customers at the kiosk
     * @param cardValidityYears how long the demo cards are valid from the day of seeding
     * @param blurRadiusPixels box-blur radius of the "blurred" sample capture
     * @param progressRedrawMillis how often the seeding progress bar is redrawn
     */
    public record DemoConfig(int enrolCapturesPerCustomer, int spareKioskCards, int cardValidityYears, int blurRadiusPixels,
                             long progressRedrawMillis) {
        public static final DemoConfig DEFAULT = new DemoConfig(3, 5, 3, 16, 100);
    }

    /**
     * What to run.
     *
     * @param directory demo data directory (server database, keys, what was seeded)
     * @param captures where the sample captures are written
     * @param syntheticOnly synthetic palms even when the dataset is present
     * @param reset delete the demo directory first
     * @param port HTTP port; 0 picks a free one
     * @param customers named demo customers (1 to 8)
     * @param crowd other enrolled customers (synthetic palms), so identification searches a crowd
     * @param seed synthetic palm generator seed
     * @param datasets folder holding {@code tongji-roi}; empty: $OPENPALM_DATASETS or ../shared/datasets
     */
    public record Settings(Path directory, Path captures, boolean syntheticOnly, boolean reset, int port, int customers, int crowd,
                           long seed, Optional<Path> datasets) {
        public Settings {
            java.util.Objects.requireNonNull(datasets, "datasets");
            if (customers < 1 || customers > DemoPalms.NAMES.size()) {
                throw new IllegalArgumentException("customers must be 1 to " + DemoPalms.NAMES.size());
            }
            if (crowd < 0 || crowd > 100_000) throw new IllegalArgumentException("crowd must be 0 to 100000");
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0 to 65535");
        }
    }

    private static final String CONSENT_TEXT_VERSION = "demo-1";
    private static final String SERVER_DIRECTORY = "server";

    private final NetworkSimulator simulator;
    private final OpenPalmServer server;
    private final DemoState state;
    private final boolean reused;
    private final String adminToken;
    private final Path captures;
    private final RecordingOneTimeCodeSender codes;
    private final DemoMemberships memberships;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DemoEnvironment(NetworkSimulator simulator, OpenPalmServer server, DemoState state, boolean reused, String adminToken,
                            Path captures, RecordingOneTimeCodeSender codes, DemoMemberships memberships) {
        this.codes = codes;
        this.memberships = memberships;
        this.simulator = simulator;
        this.server = server;
        this.state = state;
        this.reused = reused;
        this.adminToken = adminToken;
        this.captures = captures;
    }

    /** Starts the simulator and the server, then seeds (or reuses) the demo data and writes the sample captures. */
    public static DemoEnvironment start(Settings settings, DemoConfig config, PrintWriter console, PrintWriter progress)
            throws IOException, PalmImageException {
        Path dir = settings.directory();
        if (settings.reset()) deleteRecursively(dir);
        Optional<DemoState> seeded = DemoState.load(dir);
        if (seeded.isEmpty() && Files.exists(dir.resolve(SERVER_DIRECTORY))) {
            console.println("demo: " + dir + " holds data from a seeding that did not finish; starting again");
            deleteRecursively(dir);
        }
        org.openpalm.store.PrivateFiles.createDirectories(dir); // 0700: it holds the terminal keys and the server's data

        DemoPalms palms = palms(settings, seeded, config);
        int cards = seeded.map(DemoState::cards).orElse(settings.customers() + settings.crowd() + config.spareKioskCards());
        YearMonth expiry = seeded.map(DemoState::cardExpiry)
                .orElse(YearMonth.now(ZoneOffset.UTC).plusYears(config.cardValidityYears()));
        NetworkSimulator simulator = NetworkSimulator.start(DemoCards.simConfig(0, cards, expiry));
        // The network's daily clearing file: `./openpalm ledger reconcile --clearing .openpalm/demo/clearing`.
        simulator.writeClearingTo(dir.resolve("clearing"));
        OpenPalmServer server;
        // the demo has no SMS gateway: codes go to the console log, and the seeding types the enrolment codes back
        RecordingOneTimeCodeSender codes = new RecordingOneTimeCodeSender();
        try {
            // the admin API on the next port (any free one with --port 0); sign-in codes in the console, chosen explicitly;
            // webhooks to receivers on this machine over plain HTTP, as a demo is tried
            int adminPort = settings.port() == 0 || settings.port() == 65_535 ? 0 : settings.port() + 1;
            ServerConfig serverConfig = ServerConfig.defaults(dir.resolve(SERVER_DIRECTORY))
                    .withHttp(new HttpSettings(HttpSettings.DEFAULT.host(), settings.port(), HttpSettings.DEFAULT.maxRequestBytes())
                            .withAdmin(new HttpSettings.AdminListener(HttpSettings.DEFAULT.admin().host(), adminPort,
                                    HttpSettings.DEFAULT.admin().requestsPerMinute())))
                    .withNetworkLink(NetworkLinkSettings.defaults("127.0.0.1", simulator.port()))
                    .withPortal(new PortalSettings(new PortalSettings.CodeSender.Log(true), PortalSettings.DEFAULT.signIn()))
                    .withWebhookTargets(new WebhookTargets.Policy(true, true))
                    // the demo's one kiosk enrols the whole crowd at start-up, far above a real kiosk's rate
                    .withLoad(new org.openpalm.server.LoadConfig(org.openpalm.server.LoadConfig.DEFAULT.maxConcurrentImageDecodes(),
                            org.openpalm.server.LoadConfig.DEFAULT.imageDecodePermitWaitMillis(), 1_000_000, 10_000,
                            org.openpalm.server.LoadConfig.DEFAULT.retryAfterSeconds()));
            server = Main.start(serverConfig, codes);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        try {
            String adminToken = Files.readString(dir.resolve(SERVER_DIRECTORY).resolve("admin-token")).strip();
            DemoClient client = new DemoClient(URI.create("http://127.0.0.1:" + server.port() + "/"),
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/"));
            DemoState state;
            if (seeded.isPresent()) {
                state = seeded.get();
            } else {
                state = seed(client, codes, adminToken, palms, settings, config, cards, expiry, progress);
                state.save(dir);
            }
            // loyalty, a gate and an age-checked customer (also added to a demo seeded before they existed)
            Optional<DemoMemberships> memberships = DemoMemberships.load(dir);
            if (memberships.isEmpty()) {
                memberships = Optional.of(DemoMemberships.seed(client, state, palms));
                memberships.get().save(dir);
            }
            Path captures = settings.captures();
            SampleCaptures.write(captures, palms, config.blurRadiusPixels(), sparesOf(state, config), state.cardExpiry());
            return new DemoEnvironment(simulator, server, state, seeded.isPresent(), adminToken, captures, codes, memberships.get());
        } catch (IOException | RuntimeException e) {
            server.close();
            simulator.close();
            throw e;
        }
    }

    /** The palms of the seeded state (same source as when seeded) or, for a new seeding, per the settings. */
    private static DemoPalms palms(Settings settings, Optional<DemoState> seeded, DemoConfig config) throws IOException, PalmImageException {
        int customers = seeded.map(s -> s.customers().size()).orElse(settings.customers());
        Optional<Path> dataset = seeded.isPresent()
                ? Optional.of(seeded.get().palmSource()).filter(s -> !s.startsWith("synthetic")).map(Path::of)
                : settings.syntheticOnly() ? Optional.empty() : DemoPalms.findDataset(settings.datasets());
        if (dataset.isPresent() && Files.isRegularFile(dataset.get().resolve("manifest.csv"))) {
            return DemoPalms.fromDataset(dataset.get(), customers, config.enrolCapturesPerCustomer());
        }
        return DemoPalms.synthetic(customers, config.enrolCapturesPerCustomer(), settings.seed());
    }

    private static DemoState seed(DemoClient client, RecordingOneTimeCodeSender codes, String adminToken, DemoPalms palms, Settings settings, DemoConfig config,
                                  int cards, YearMonth expiry, PrintWriter progress) {
        var merchant = client.post("admin/v1/merchants", adminToken, DemoClient.object().put("name", "OpenPalm Demo Cafe"))
                .require("onboarding the demo merchant");
        String apiKey = merchant.text("api_key");
        String storeId = client.post("v1/stores", apiKey, DemoClient.object().put("name", "High Street"))
                .require("adding the demo store").text("store_id");
        DemoClient.TerminalKey reader = terminal(client, apiKey, storeId, "reader");
        DemoClient.TerminalKey kiosk = terminal(client, apiKey, storeId, "kiosk");

        List<DemoState.DemoCustomer> customers = new ArrayList<>();
        int crowdEnrolled = 0;
        SyntheticPalms crowdPalms = SyntheticPalms.withSeed(settings.seed() + 2);
        try (ProgressBar bar = new ProgressBar(progress, "seeding", palms.customers().size() + settings.crowd(), config.progressRedrawMillis())) {
            for (int i = 0; i < palms.customers().size(); i++) {
                DemoPalms.CustomerPalm palm = palms.customers().get(i);
                String phone = String.format(Locale.ROOT, "+4477009001%02d", i + 1);
                var enrolled = enrol(client, codes, kiosk, phone, i, expiry, palm.enrolCaptures()).require("enrolling " + palm.name());
                customers.add(new DemoState.DemoCustomer(palm.name(), phone, enrolled.text("customer_id"), i));
                bar.advance(1);
            }
            for (int c = 0; c < settings.crowd(); c++) {
                int card = palms.customers().size() + c;
                String phone = String.format(Locale.ROOT, "+447700%06d", 200_000 + c);
                // A look-alike crowd palm is refused (409 palm-enrolled): the crowd is a backdrop, so it is just left out.
                if (enrol(client, codes, kiosk, phone, card, expiry, List.of(crowdPalms.capture(c, 1, 1))).ok()) crowdEnrolled++;
                bar.advance(1);
            }
        }
        return new DemoState(merchant.text("merchant_id"), apiKey, storeId, reader, kiosk, expiry, cards, palms.source(), customers,
                crowdEnrolled);
    }

    /**
     * Enrols at the kiosk as a shopper does: a one-time code to the phone first, typed back with the
     * card and its CVV2. The left palm only, as the sample capture names say.
     */
    public DemoClient.Reply enrolAtKiosk(String phone, int card, List<PalmImage> captures) {
        return enrol(client(), codes, state.kiosk(), phone, card, state.cardExpiry(), captures);
    }

    private static DemoClient.Reply enrol(DemoClient client, RecordingOneTimeCodeSender codes, DemoClient.TerminalKey kiosk, String phone, int card,
                                          YearMonth expiry, List<PalmImage> captures) {
        DemoClient.Reply check = client.terminalPost(kiosk, "/terminal/v1/enrolments/phone-checks", DemoClient.object().put("phone", phone));
        if (!check.ok()) return check;
        ObjectNode body = DemoClient.object()
                .put("phone", phone)
                .put("phone_check_id", check.text("phone_check_id"))
                .put("phone_code", codes.enrolmentCode(phone).orElseThrow(() -> new IllegalStateException("no code was sent to " + phone)))
                .put("card_number", DemoCards.number(card))
                .put("cvv2", DemoCards.cvv2(card))
                .put("expiry", expiry.toString())
                .put("biometric_consent", true)
                .put("consent_text_version", CONSENT_TEXT_VERSION);
        // the demo customers enrolled their left palm, as the sample capture names say
        var images = body.putArray("left_palm_images");
        for (PalmImage capture : captures) images.add(Base64.getEncoder().encodeToString(capture.toPng()));
        return client.terminalPost(kiosk, "/terminal/v1/enrolments", body);
    }

    static DemoClient.TerminalKey terminal(DemoClient client, String apiKey, String storeId, String role) {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK", e);
        }
        String id = client.post("v1/terminals", apiKey, DemoClient.object().put("store_id", storeId).put("role", role)
                        .put("public_key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())))
                .require("adding a demo terminal").text("terminal_id");
        return new DemoClient.TerminalKey(id, pair.getPrivate());
    }

    /** Demo-bank card numbers nobody enrolled with: for trying the kiosk. */
    private static List<String> sparesOf(DemoState state, DemoConfig config) {
        List<String> spares = new ArrayList<>();
        for (int i = Math.max(0, state.cards() - config.spareKioskCards()); i < state.cards(); i++) spares.add(DemoCards.number(i));
        return spares;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public DemoState state() {
        return state;
    }

    /** The loyalty programme, the gate and the age-checked customer. */
    public DemoMemberships memberships() {
        return memberships;
    }

    /** Whether the data came from an earlier run rather than a new seeding. */
    public boolean reused() {
        return reused;
    }

    public int port() {
        return server.port();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    /** The admin API's own listener (and its page, admin.html). */
    public URI adminUri() {
        return URI.create("http://127.0.0.1:" + server.adminPort() + "/");
    }

    public DemoClient client() {
        return new DemoClient(baseUri(), adminUri());
    }

    public String adminToken() {
        return adminToken;
    }

    public Path captures() {
        return captures;
    }

    public int enrolledPalms() {
        return server.enrolledPalms();
    }

    /** A terminal page's URL with its credentials in the fragment, which the browser never sends to the server. */
    public URI terminalPage(String page, DemoClient.TerminalKey terminal) {
        return URI.create(baseUri() + page + "#terminal=" + terminal.terminalId() + "&key="
                + URLEncoder.encode(DemoState.encode(terminal.privateKey()), StandardCharsets.UTF_8));
    }

    /** Stops the server, then the simulator; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            server.close();
        } finally {
            simulator.close();
        }
    }
}
