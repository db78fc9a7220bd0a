package org.openpalm.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.openpalm.bench.Purchases.Purchase;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.payments.testing.FreePorts;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.server.ServerProcess;
import org.openpalm.store.Database;

/**
 * {@code openpalm bench cluster --nodes K --payments N}: K servers, each its own JVM running
 * {@code openpalm serve} with {@code cluster.members} set (one clustered gallery), on one
 * PostgreSQL (a fresh schema per run, dropped at the end; {@code --config FILE} gives
 * {@code db.url}/{@code db.user}, default {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres}), one shared key file and the card network simulator in this process.
 *
 * <p>N palm purchases (as {@code bench crash}: create, palm, capture, each step with a fixed
 * Idempotency-Key, every other one an automatic-capture sale) are spread round robin over the
 * servers, {@code --concurrency} at a time. After each (i / (kills + 1)) of them finished, a
 * server chosen at random is SIGKILLed and started again at once, as a supervisor would. A step
 * that gets no answer, a 5xx or "in progress" is sent again with the same key to the next server.
 * Meanwhile, spread over the run, new shoppers enrol at the kiosk (through one server) and are
 * then looked for through the next server (a palm payment), and every other one is then erased
 * (through a third) and presented at every server, where it must not be recognised.
 *
 * <p>Results (JSON with {@code --json}): {@code double_authorisations}, {@code lost_ledger_entries}
 * and {@code ledger_check_ok} as in {@code bench crash}; {@code wrong_identifications} (a palm
 * taken for someone else's, or an enrolled palm not recognised); {@code erased_still_found};
 * {@code enrol_to_searchable_ms_p99}, from the enrolment call's answer to the moment from which
 * every whole-gallery search at another server found the palm: the start of the first search
 * that found it with no search started later missing it, 0 when that was before the answer
 * (look-ups, palm payments, are sent from the moment the enrolment call is sent,
 * {@value #LOOKUP_SPACING_MS} ms apart; each answer's OpenPalm-Identify-Began header says when its
 * search began on the server's wall clock, which on this machine is the bench's; a search that
 * began after the answer and missed the palm is a wrong identification; the text output also
 * gives the same bound from the latest starts the Server-Timing durations allow, and the looser
 * bound that ends with the finding search); {@code payments_per_s} (purchases finished over the run's wall time) and
 * {@code p99_ms} (a purchase's time, retries included). Exit 1 when any of these safety results is
 * bad, a purchase did not finish, or the clearing file and the books differ.
 */
final class ClusterBench {
    private static final int CUSTOMERS = 10;
    private static final long FIRST_CUSTOMER = 800_001;
    /** New shoppers enrolled during the run: 800_101 on (their phones' last four digits differ from the first ten's). */
    private static final long FIRST_NEW_CUSTOMER = 800_101;
    private static final long FIRST_AMOUNT = 10_000;
    /** Payments made to look for a palm (enrolled or erased): amounts apart from the purchases'. */
    private static final long FIRST_PROBE_AMOUNT = 50_000_000;
    private static final Duration DEADLINE = Duration.ofMinutes(20);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Look-ups for a new palm: sent this far apart from the enrolment call on, at most this many at
     * once, at most this many in all. The bound's tail is the widest gap between look-ups' searches
     * around an answer: on the 2-core reference machine 20 ms gave p99 28.4 to 44.9 ms, 10 ms 0 to
     * 34.9 ms, for about 10 % fewer purchases per second (README, Several servers).
     */
    private static final long LOOKUP_SPACING_MS = 10;
    private static final Duration LOOKUP_SPACING = Duration.ofMillis(LOOKUP_SPACING_MS);
    private static final int LOOKUP_WORKERS = 8;
    /** Palm payments per server before the measured run, so the first shoppers do not meet cold servers (JIT, pools). */
    private static final int WARM_UP_PALMS_PER_SERVER = 10;
    /** Payments made ahead per server for look-ups (the warm-up fills them). */
    private static final int READY_PAYMENTS_PER_SERVER = 16;
    private static final int MAX_LOOKUPS = 80;
    /** How long a palm enrolled may stay unfound at another server before it counts as not found. */
    private static final Duration SEARCHABLE_WITHIN = Duration.ofSeconds(10);
    private static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private ClusterBench() {}

    /**
     * Now on the wall clock, in nanoseconds since the epoch: the clock the servers' search starts
     * (OpenPalm-Identify-Began) are told on, and on this machine theirs.
     */
    private static long wallNanos() {
        return ApiClient.epochNanos(java.time.Instant.now());
    }

    /** One server of the cluster: its process and ports. */
    private record Node(int index, ServerProcess process, int port, int adminPort, int clusterPort) {}

    static int run(String[] args) throws Exception {
        int nodes = PaymentsBench.intArg(args, "--nodes", 3);
        int payments = PaymentsBench.intArg(args, "--payments", 2_000);
        int maxKills = PaymentsBench.intArg(args, "--kills", 1);
        // 4 purchases at once: on the 2-core reference machine 8 gave the same payments/s (20.7-25.8 against 23.3)
        // with twice the p99, only queueing in the servers (README, Several servers).
        int concurrency = PaymentsBench.intArg(args, "--concurrency", 4);
        int enrolments = PaymentsBench.intArg(args, "--enrolments", Math.max(4, payments / 50));
        String heap = PaymentsBench.stringArg(args, "--server-heap").orElse("768m");
        boolean json = List.of(args).contains("--json");
        PrintStream out = System.err; // progress on stderr; the JSON alone on stdout
        if (nodes < 2) throw new IllegalArgumentException("--nodes must be at least 2 (a cluster that survives a kill needs 3)");
        Optional<Path> userConfig = PaymentsBench.stringArg(args, "--config").map(Path::of);
        Path dir = Files.createTempDirectory("openpalm-cluster");

        Properties base = new Properties();
        if (userConfig.isPresent()) {
            try (Reader r = Files.newBufferedReader(userConfig.get())) {
                base.load(r);
            }
        }
        String dbUrl = Optional.ofNullable(base.getProperty("db.url")).or(() -> Optional.ofNullable(System.getenv("OPENPALM_DB_URL")))
                .orElse(DEFAULT_DB_URL);
        if (!dbUrl.startsWith("jdbc:postgresql:")) {
            out.println("bench cluster: the servers share one PostgreSQL database; db.url must be jdbc:postgresql://... (got " + dbUrl + ")");
            return 2;
        }
        base.setProperty("db.url", dbUrl);
        base.putIfAbsent("db.user", Optional.ofNullable(System.getenv("OPENPALM_DB_USER")).orElse("postgres"));
        Optional.ofNullable(System.getenv("OPENPALM_DB_PASSWORD")).ifPresent(p -> base.putIfAbsent("db.password", p));
        Optional<String> dropSchema = Optional.empty();
        if (!base.containsKey("db.schema")) {
            String schema = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12); // this run's alone, dropped at the end
            base.setProperty("db.schema", schema);
            dropSchema = Optional.of(schema);
        }
        List<Long> newCustomers = LongStream.range(FIRST_NEW_CUSTOMER, FIRST_NEW_CUSTOMER + enrolments).boxed().toList();
        List<Long> allCards = new ArrayList<>(LongStream.range(FIRST_CUSTOMER, FIRST_CUSTOMER + CUSTOMERS).boxed().toList());
        allCards.addAll(newCustomers);
        // The card network runs here, outside the servers that get killed, as a real network would.
        NetworkSimulator network = NetworkSimulator.start(Purchases.network("cluster-bank", allCards));
        network.writeClearingTo(dir.resolve("clearing"));
        String adminToken = "cluster-" + UUID.randomUUID();
        base.setProperty("network.port", Integer.toString(network.port()));
        base.setProperty("admin.token", adminToken);
        base.setProperty("keys.file", dir.resolve("shared-keys").resolve("template-keys").toString()); // one key source for all
        base.setProperty("cluster.name", "bench-" + UUID.randomUUID().toString().substring(0, 8)); // never another run's members
        base.putIfAbsent("portal.codeSender", "log"); // enrolment codes in the servers' logs, read back by the kiosk here
        base.putIfAbsent("presentations.maxPerTerminalPerMinute", Integer.toString(Integer.MAX_VALUE)); // one reader for a whole fleet
        base.putIfAbsent("idempotency.inProgressLeaseSeconds", "2"); // a request cut by a kill is retried after 2 s
        base.putIfAbsent("terminal.rateLimitRequestsPerMinute", "1000000000");
        base.putIfAbsent("terminal.rateLimitBurstRequests", "1000000");

        // Below the ephemeral range, where outgoing connections take their local ports (see FreePorts):
        // a port the kernel chose for ServerSocket(0) could be taken by a connection before its server binds it.
        List<int[]> ports = List.of(FreePorts.perServer(nodes, 3));
        String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p[2]).toList());
        List<Node> cluster = new ArrayList<>();
        List<Path> configs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Properties p = new Properties();
            p.putAll(base);
            p.setProperty("http.port", Integer.toString(ports.get(i)[0]));
            p.setProperty("admin.port", Integer.toString(ports.get(i)[1]));
            p.setProperty("data.dir", dir.resolve("node-" + i).toString());
            p.setProperty("cluster.members", members);
            p.setProperty("cluster.host", "127.0.0.1");
            p.setProperty("cluster.port", Integer.toString(ports.get(i)[2]));
            Path file = dir.resolve("node-" + i + ".properties");
            try (var w = Files.newBufferedWriter(file)) {
                p.store(w, "openpalm bench cluster, server " + i);
            }
            configs.add(file);
            cluster.add(new Node(i, new ServerProcess(file, dir, Integer.toString(i), List.of("-Xmx" + heap)), ports.get(i)[0], ports.get(i)[1],
                    ports.get(i)[2]));
        }
        ServerConfig config = ConfigLoader.load(Optional.of(configs.getFirst()), Map.of());
        out.printf("bench cluster: %d servers (own JVMs, -Xmx%s), %d payments, %d kill(s), %d enrolments, concurrency %d, %s, logs in %s%n",
                nodes, heap, payments, maxKills, enrolments, concurrency, config.effectiveDatabase(), dir);
        try {
            // The schema and the shared keys exist before the servers start side by side.
            try (Database migrated = Database.open(config.effectiveDatabase())) {
                config.openKeys();
            }
            return drive(cluster, config, adminToken, dir, payments, maxKills, concurrency, newCustomers, json, out);
        } finally {
            for (Node n : cluster) n.process().kill();
            network.close();
            if (dropSchema.isPresent()) PaymentsBench.drop(config.database().orElseThrow(), dropSchema.get());
        }
    }

    private static int drive(List<Node> cluster, ServerConfig config, String adminToken, Path dir, int payments, int maxKills, int concurrency,
                             List<Long> newCustomers, boolean json, PrintStream out) throws Exception {
        int nodes = cluster.size();
        long t0 = System.nanoTime();
        for (Node n : cluster) n.process().start();
        // Together: each waits for a majority of the members before it is ready.
        List<CompletableFuture<Void>> starting = cluster.stream().map(n -> CompletableFuture.runAsync(() -> awaitReady(n),
                task -> Thread.ofVirtual().start(task))).toList();
        starting.forEach(CompletableFuture::join);
        out.printf("cluster: %d servers ready in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);

        ApiClient first = new ApiClient(cluster.getFirst().port());
        first.onboard(adminToken, cluster.getFirst().adminPort());
        List<ApiClient> apis = cluster.stream().map(n -> n.index() == 0 ? first : first.at(n.port())).toList();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<Long, String> customerIds = new ConcurrentHashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            long n = FIRST_CUSTOMER + i;
            customerIds.put(n, enrol(apis, i % nodes, n, dir, deadline));
        }
        out.printf("enrolled %d shoppers, one server after another%n", CUSTOMERS);
        Lifecycle lifecycle = new Lifecycle(apis, cluster, dir, customerIds, deadline, adminToken);
        lifecycle.warmUp(FIRST_CUSTOMER, CUSTOMERS);
        out.printf("warmed up: %d palm payments at each server (not measured)%n", WARM_UP_PALMS_PER_SERVER);

        List<Purchase> purchases = new ArrayList<>();
        for (int k = 0; k < payments; k++) purchases.add(new Purchase(FIRST_AMOUNT + k, FIRST_CUSTOMER + k % CUSTOMERS, k % 2 == 1));
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        // Round robin: purchase k starts at server k mod K, each further attempt goes to the next server.
        Purchases.Servers roundRobin = new Purchases.Servers() {
            @Override
            public ApiClient forAttempt(Purchase p, int attempt) {
                return apis.get((int) ((p.amount - FIRST_AMOUNT + attempt) % nodes));
            }

            @Override
            public void noAnswer(ApiClient api, long deadlineNanos) throws InterruptedException {
                Thread.sleep(20); // the next attempt goes to another server
            }
        };
        List<Long> killedAt = new ArrayList<>();
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                for (int kill = 1; kill <= maxKills; kill++) {
                    while (finished.get() < (long) payments * kill / (maxKills + 1)) Thread.sleep(5);
                    Node victim = cluster.get(ThreadLocalRandom.current().nextInt(nodes));
                    victim.process().kill();
                    synchronized (killedAt) {
                        killedAt.add(System.nanoTime());
                    }
                    out.printf("kill %d: SIGKILL server %d after %d payments; restarting it%n", kill, victim.index(), finished.get());
                    long restart = System.nanoTime();
                    victim.process().start();
                    awaitReady(victim);
                    out.printf("server %d back in %.1f s%n", victim.index(), (System.nanoTime() - restart) / 1e9);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread enroller = Thread.ofVirtual().start(() -> {
            try {
                for (int j = 0; j < newCustomers.size(); j++) {
                    // Spread evenly inside the run: the first not at its very start, while the purchases' first calls still
                    // meet servers whose payment path the JIT has not compiled.
                    while (finished.get() < (long) payments * (j + 1) / (newCustomers.size() + 1)) Thread.sleep(5);
                    lifecycle.enrolFindAndMaybeErase(j, newCustomers.get(j), j % 2 == 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        long start = System.nanoTime();
        Thread progress = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(5_000);
                    out.printf("progress: %d of %d payments, %d enrolled, %d erased%n", finished.get(), payments, lifecycle.enrolled.get(),
                            lifecycle.erased.get());
                }
            } catch (InterruptedException e) {
                // the run ended
            }
        });
        PaymentsBench.forEach(payments, concurrency, k -> {
            Purchases.pay(roundRobin, purchases.get(k), deadline, cut);
            finished.incrementAndGet();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        killer.join();
        enroller.join();
        progress.interrupt();
        out.printf("%d payments driven in %.1f s with %d kill(s); %d calls got no answer (cut by the kill, or sent to the dead server), each sent again to the next server with its key%n",
                payments, seconds, killedAt.size(), cut.get());
        long[] finishes = purchases.stream().filter(p -> p.captured).mapToLong(p -> p.finishedAtNanos).sorted().toArray();
        for (long k : killedAt) {
            // Payments go on at the other servers at once; the longest pause between two finished
            // payments in the 30 s after the kill says how long the cluster as a whole stalled.
            // Where it falls tells the kill's own stall (member loss, promotion) from the restarted server's (its join and
            // the partitions migrating back to it, about 20 s later).
            long previous = k;
            long longest = 0;
            long longestFrom = k;
            long firstAfter = -1;
            for (long f : finishes) {
                if (f <= k || f > k + 30_000_000_000L) continue;
                if (firstAfter < 0) firstAfter = f;
                if (f - previous > longest) {
                    longest = f - previous;
                    longestFrom = previous;
                }
                previous = f;
            }
            out.printf("after a kill: first payment finished %d ms after it; longest pause between finished payments in the next 30 s: %d ms,"
                    + " from %.1f s after the kill%n", firstAfter < 0 ? -1 : (firstAfter - k) / 1_000_000, longest / 1_000_000, (longestFrom - k) / 1e9);
        }
        purchases.stream().filter(p -> p.failure != null).limit(5).forEach(p -> out.println("unfinished " + p.amount + ": " + p.failure));

        // The servers leave one by one (SIGTERM), then the database alone is audited.
        for (Node n : cluster) n.process().stop();
        Purchases.Audit audit = Purchases.audit(config, purchases, dir.resolve("clearing"));
        audit.print(out);

        int wrong = lifecycle.wrong.get();
        for (Purchase p : purchases) {
            String expected = customerIds.get(p.customer);
            if (p.notRecognised || p.identifiedAs.stream().anyMatch(id -> !id.equals(expected))) wrong++;
        }
        Latencies whole = new Latencies("whole payment");
        purchases.stream().filter(p -> p.captured).forEach(p -> whole.add(p.finishedAtNanos - p.startedAtNanos));
        long[] sorted = whole.sorted();
        long[] searchable = lifecycle.searchable.sorted();
        long done = purchases.stream().filter(p -> p.captured).count();
        out.println(whole.report());
        out.println(lifecycle.searchable.report());
        out.println(lifecycle.searchableByLatestStart.report());
        out.println(lifecycle.searchableByEnd.report());
        out.println(lifecycle.answeredBy.report());
        out.println(lifecycle.beforeSearch.report());
        lifecycle.details.forEach(out::println);
        out.printf("enrolled during the run: %d, found at another server: %d (by the first search begun after the enrolment answered:"
                        + " %d; look-ups sent: %d), erased: %d; wrong identifications: %d; erased palms found: %d%n", lifecycle.enrolled.get(),
                lifecycle.found.get(), lifecycle.foundFirstTime.get(), lifecycle.lookUpsSent.get(), lifecycle.erased.get(), wrong,
                lifecycle.erasedStillFound.get());
        boolean ok = audit.ok() && wrong == 0 && lifecycle.erasedStillFound.get() == 0 && lifecycle.failures.get() == 0;
        lifecycle.problems.stream().limit(5).forEach(p -> out.println("enrol/erase: " + p));
        out.println(ok ? "cluster bench PASSED" : "cluster bench FAILED");
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("nodes", nodes);
            o.put("payments", payments);
            o.put("kills", killedAt.size());
            o.put("double_authorisations", audit.doubleAuthorisations());
            o.put("lost_ledger_entries", audit.lostLedgerEntries());
            o.put("wrong_identifications", wrong);
            o.put("erased_still_found", lifecycle.erasedStillFound.get());
            o.put("enrol_to_searchable_ms_p99", Math.round(Latencies.millis(searchable, 0.99) * 10) / 10.0);
            o.put("payments_per_s", Math.round(done / seconds * 10) / 10.0);
            o.put("p99_ms", Math.round(Latencies.millis(sorted, 0.99) * 10) / 10.0);
            o.put("ledger_check_ok", audit.ledger().ok());
            System.out.println(ApiClient.JSON.writeValueAsString(o));
        }
        return ok ? 0 : 1;
    }

    private static void awaitReady(Node n) {
        try {
            n.process().awaitReady(n.port(), START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Enrols shopper {@code n} at the kiosk through server {@code first}, then the next ones after
     * a call with no answer or a 5xx (same keys); returns its customer id.
     */
    private static String enrol(List<ApiClient> apis, int first, long n, Path dir, long deadline) throws InterruptedException {
        return enrol(apis, first, n, dir, deadline, () -> {});
    }

    /** As above; {@code beforeEnrolment} runs just before each enrolment call itself (after the phone check). */
    private static String enrol(List<ApiClient> apis, int first, long n, Path dir, long deadline, Runnable beforeEnrolment)
            throws InterruptedException {
        String last = "";
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            ApiClient api = apis.get((first + attempt) % apis.size());
            try {
                ApiClient.Reply r = api.enrol(n, phone -> ServerProcess.enrolmentCodeFromLogs(dir, phone), beforeEnrolment);
                if (r.status() == 201) return r.json().get("customer_id").asText();
                last = r.status() + " " + r.json();
                if (r.status() < 500 && !r.json().path("type").asText().endsWith("idempotency-key-in-progress")) break;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("enrolment of shopper " + n + " failed: " + last);
    }

    /** New shoppers during the run: enrolled, looked for at another server, some erased and presented everywhere. */
    private static final class Lifecycle {
        private final List<ApiClient> apis;
        private final List<Node> cluster;
        private final Path dir;
        private final Map<Long, String> customerIds;
        private final long deadline;
        private final String adminToken;
        private final AtomicLong probe = new AtomicLong();
        /** Per server: payments made ahead for look-ups. */
        private final Map<ApiClient, java.util.concurrent.BlockingQueue<String>> readyPayments = new ConcurrentHashMap<>();
        final AtomicInteger enrolled = new AtomicInteger();
        final AtomicInteger found = new AtomicInteger();
        final AtomicInteger foundFirstTime = new AtomicInteger();
        final AtomicInteger erased = new AtomicInteger();
        final AtomicInteger wrong = new AtomicInteger();
        final AtomicInteger erasedStillFound = new AtomicInteger();
        /** Enrolments or erasures that could not be done at all. */
        final AtomicInteger failures = new AtomicInteger();
        final java.util.Queue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** From the enrolment's answer to the start of the first search (at another server) that found the palm with none started later missing it: 0 when it started before. */
        final Latencies searchable = new Latencies("enrol answered -> searchable (start of the first finding search, none later missing)");
        /** The same from the searches' latest starts that Server-Timing allows, as measured before the servers said when. */
        final Latencies searchableByLatestStart = new Latencies("enrol answered -> searchable, from the latest starts Server-Timing allows");
        /** The looser bound: to the end of that search (its own scan time added). */
        final Latencies searchableByEnd = new Latencies("enrol answered -> end of the first search that found the palm");
        /** To the answer of the first palm call that found it: that call's decoding, search and authorisation included. */
        final Latencies answeredBy = new Latencies("enrol answered -> answer of the first palm call that found it");
        /** A look-up's palm call from its sending to its search's start: the servers' queues and image decoding in front of the search. */
        final Latencies beforeSearch = new Latencies("look-up sent -> its search began");
        final AtomicInteger lookUpsSent = new AtomicInteger();
        /** Per shopper: where the finding search fell and where every look-up's search started (* found). */
        final java.util.Queue<String> details = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Look-ups run here: their own threads, so each keeps its connections. */
        private final java.util.concurrent.ExecutorService lookUpWorkers =
                java.util.concurrent.Executors.newFixedThreadPool(LOOKUP_WORKERS, Thread.ofVirtual().factory());

        Lifecycle(List<ApiClient> apis, List<Node> cluster, Path dir, Map<Long, String> customerIds, long deadline, String adminToken) {
            this.apis = apis;
            this.cluster = cluster;
            this.dir = dir;
            this.customerIds = customerIds;
            this.deadline = deadline;
            this.adminToken = adminToken;
        }

        /**
         * Fills every server's payments made ahead, then {@value #WARM_UP_PALMS_PER_SERVER} palm payments of the first
         * {@code customers} shoppers at every server: answers checked, nothing measured.
         */
        void warmUp(long firstCustomer, int customers) throws InterruptedException {
            for (ApiClient api : apis) {
                java.util.concurrent.BlockingQueue<String> ready = readyPayments(api);
                for (int k = 0; k < READY_PAYMENTS_PER_SERVER; k++) probePayment(api).ifPresent(ready::offer);
            }
            for (int k = 0; k < WARM_UP_PALMS_PER_SERVER; k++) {
                for (int i = 0; i < apis.size(); i++) {
                    long n = firstCustomer + (k * apis.size() + i) % customers;
                    Optional<LookUp> l = lookUp(apis.get(i), n);
                    if (l.isPresent() && !l.get().customer().equals(customerIds.get(n))) {
                        problems.add("warm-up: shopper " + n + " at server " + i + ": " + l.get().result() + " " + l.get().customer());
                        wrong.incrementAndGet();
                    }
                }
            }
        }

        void enrolFindAndMaybeErase(int j, long n, boolean erase) throws InterruptedException, IOException {
            int nodes = apis.size();
            int at = j % nodes;
            // Look-ups at the other servers start as the enrolment call is sent and go on, LOOKUP_SPACING apart and at most
            // LOOKUP_WORKERS in flight, until one has been sent after the enrolment answered: so some search starts soon
            // after the answer whatever a palm call costs under this load. Each palm call's answer says when its search began
            // (see LookUp).
            java.util.concurrent.CountDownLatch enrolmentSent = new java.util.concurrent.CountDownLatch(1);
            AtomicLong enrolledAtNanos = new AtomicLong();
            CompletableFuture<String> enrolling = CompletableFuture.supplyAsync(() -> {
                try {
                    String id = enrol(apis, at, n, dir, deadline, enrolmentSent::countDown);
                    enrolledAtNanos.set(wallNanos());
                    return id;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                } finally {
                    enrolmentSent.countDown();
                }
            }, task -> Thread.ofVirtual().start(task));
            enrolmentSent.await();
            List<LookUp> lookUps = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            long started = System.nanoTime();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(LOOKUP_WORKERS);
            boolean sentAfterAnswer = false;
            long sendAt = started;
            for (int k = 0; k < MAX_LOOKUPS && System.nanoTime() - started < SEARCHABLE_WITHIN.toNanos(); k++) {
                inFlight.acquire(); // never queued behind earlier look-ups: each is sent when it is submitted
                // Once the enrolment has answered, one look-up more is enough: its search starts after the answer, so it must find
                // the palm; the next ones would only load the servers.
                if (enrolling.isDone() && (enrolling.isCompletedExceptionally() || sentAfterAnswer)) {
                    inFlight.release();
                    break;
                }
                sentAfterAnswer = enrolling.isDone();
                ApiClient lookUp = otherServer(at, k);
                sent.add(CompletableFuture.runAsync(() -> {
                    try {
                        lookUp(lookUp, n).ifPresent(lookUps::add);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.release();
                    }
                }, lookUpWorkers));
                // On a grid: a late wake-up (this process shares the cores) does not stretch the spacing; after a longer
                // stall (all look-ups in flight) the grid starts again from now rather than sending a burst.
                sendAt += LOOKUP_SPACING.toNanos();
                long wait = sendAt - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                else sendAt = System.nanoTime();
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            String customerId;
            try {
                customerId = enrolling.join();
            } catch (java.util.concurrent.CompletionException e) {
                failures.incrementAndGet();
                problems.add(e.getCause().getMessage());
                return;
            }
            // The look-up after the answer got no answer (its server was down): more, one at a time, until one finds the palm.
            for (int k = 0; !found(lookUps, customerId) && System.nanoTime() - started < SEARCHABLE_WITHIN.toNanos(); k++) {
                lookUp(otherServer(at, k), n).ifPresent(lookUps::add);
            }
            long enrolledAt = enrolledAtNanos.get();
            customerIds.put(n, customerId);
            enrolled.incrementAndGet();
            judge(n, customerId, enrolledAt, lookUps);
            if (!erase) return;
            ApiClient.Reply r = erase(customerId, (at + 2) % nodes);
            if (r.status() != 200) {
                failures.incrementAndGet();
                problems.add("erasure of shopper " + n + ": " + r.status() + " " + r.json());
                return;
            }
            erased.incrementAndGet();
            // Presented at every server (one that is down is waited for): never recognised.
            for (int i = 0; i < nodes; i++) {
                Optional<LookUp> answer = Optional.empty();
                long waitUntil = System.nanoTime() + START_TIMEOUT.toNanos(); // a server down is back well within this
                while (answer.isEmpty() && System.nanoTime() < waitUntil) {
                    answer = lookUp(apis.get(i), n);
                    if (answer.isEmpty()) Thread.sleep(200);
                }
                String result = answer.map(LookUp::result).orElse("no answer");
                if (result.equals("NOT_RECOGNISED")) continue;
                if (answer.isPresent() && !answer.get().customer().isEmpty()) {
                    erasedStillFound.incrementAndGet();
                    problems.add("erased shopper " + n + " still found at server " + i + ": " + result + " as " + answer.get().customer());
                } else {
                    failures.incrementAndGet();
                    problems.add("erased shopper " + n + " presented at server " + i + ": " + result);
                }
            }
        }

        /** The {@code k}-th look-up's server: the servers other than {@code at}, in turn. */
        private ApiClient otherServer(int at, int k) {
            int nodes = apis.size();
            return apis.get((at + 1 + k % (nodes - 1)) % nodes);
        }

        /**
         * A palm call of a look-up: when sent and answered (wall clock, nanoseconds since the epoch),
         * its answer, and its search: when it began on the server's wall clock ({@code beganAt}, the
         * OpenPalm-Identify-Began header; the servers run on this machine, so theirs is this clock)
         * and its Server-Timing durations (NaN when absent). An answer without them (a search that
         * did not run) is placed at its arrival, the latest it could have been.
         */
        record LookUp(long sentAt, long receivedAt, String result, String customer, double identifyMs, double afterIdentifyMs,
                      java.util.OptionalLong beganAt, long capture, int port) {
            boolean timed() {
                return beganAt.isPresent() && !Double.isNaN(identifyMs) && !Double.isNaN(afterIdentifyMs);
            }

            long searchStart() {
                return timed() ? beganAt.getAsLong() : receivedAt;
            }

            long searchEnd() {
                return timed() ? beganAt.getAsLong() + Math.round(identifyMs * 1e6) : receivedAt;
            }

            /**
             * The latest start the Server-Timing durations allow ({@code identify} and {@code after-identify}
             * before the answer arrived): the bound used before the servers said when, printed for comparison.
             */
            long latestSearchStart() {
                return timed() ? receivedAt - Math.round((afterIdentifyMs + identifyMs) * 1e6) : receivedAt;
            }
        }

        private static boolean found(List<LookUp> lookUps, String customerId) {
            synchronized (lookUps) {
                return lookUps.stream().anyMatch(l -> l.customer().equals(customerId));
            }
        }

        /**
         * A palm payment of shopper {@code n} (a new capture, automatic capture) through {@code api}:
         * its answer and timing, or empty when the server gave none (down, or 5xx).
         */
        private Optional<LookUp> lookUp(ApiClient api, long n) throws InterruptedException {
            Optional<String> payment = readyPayment(api);
            if (payment.isEmpty()) return Optional.empty();
            long capture = FIRST_PROBE_AMOUNT + probe.incrementAndGet(); // never a purchase's capture, never the same twice
            String json = ApiClient.palmJson(n, capture);
            long sentAt = wallNanos();
            try {
                ApiClient.Reply palm = api.terminalPost("/terminal/v1/payments/" + payment.get() + "/palm", "probe-palm-" + payment.get(), json);
                long receivedAt = wallNanos();
                if (palm.status() != 200) {
                    if (palm.status() < 500) problems.add("palm of shopper " + n + ": " + palm.status() + " " + palm.json());
                    return Optional.empty();
                }
                return Optional.of(new LookUp(sentAt, receivedAt, palm.json().path("result").asText(),
                        palm.json().path("payment").path("customer_id").asText(""), palm.timing("identify").orElse(Double.NaN),
                        palm.timing("after-identify").orElse(Double.NaN), palm.identifyBeganEpochNanos(), capture, api.port()));
            } catch (IOException e) {
                Thread.sleep(20);
                return Optional.empty();
            }
        }

        /**
         * Judges the look-ups of shopper {@code n}, enrolled as {@code customerId}, the answer
         * received at {@code enrolledAt}: the palm is searchable from, at the latest, the start of
         * the first search that found it after the start of every one that missed it (a search
         * reads the owner's index somewhere between its start and its end, so one begun earlier may
         * have read it later); a search that began after the answer arrived and did not find it, or
         * one that took the palm for someone else, is a wrong identification.
         */
        private void judge(long n, String customerId, long enrolledAt, List<LookUp> lookUps) {
            List<LookUp> all;
            synchronized (lookUps) {
                all = new ArrayList<>(lookUps);
            }
            all.sort(java.util.Comparator.comparingLong(LookUp::searchStart));
            boolean wrongOnce = false;
            for (LookUp l : all) {
                if (!l.customer().isEmpty() && !l.customer().equals(customerId)) {
                    wrongOnce = true;
                    problems.add("shopper " + n + "'s palm taken for " + l.customer());
                } else if (l.result().equals("NOT_RECOGNISED") && l.timed() && l.searchStart() > enrolledAt) {
                    wrongOnce = true;
                    problems.add(String.format(java.util.Locale.ROOT,
                            "shopper %d not recognised by a search that began %.1f ms after the enrolment answered (capture %d, server port %d)",
                            n, (l.searchStart() - enrolledAt) / 1e6, l.capture(), l.port()));
                }
            }
            Optional<LookUp> first = all.stream().filter(l -> l.customer().equals(customerId)).min(java.util.Comparator.comparingLong(LookUp::searchEnd));
            Optional<LookUp> firstForGood = firstForGood(all, customerId, LookUp::searchStart);
            if (first.isEmpty()) {
                wrongOnce = true;
                problems.add("shopper " + n + " enrolled but not found at another server within " + SEARCHABLE_WITHIN);
            } else if (firstForGood.isEmpty()) {
                wrongOnce = true;
                problems.add("shopper " + n + " found, then missed by a later search");
            } else {
                found.incrementAndGet();
                searchable.add(Math.max(0, firstForGood.get().searchStart() - enrolledAt));
                firstForGood(all, customerId, LookUp::latestSearchStart)
                        .ifPresent(l -> searchableByLatestStart.add(Math.max(0, l.latestSearchStart() - enrolledAt)));
                searchableByEnd.add(Math.max(0, first.get().searchEnd() - enrolledAt));
                LookUp f = first.get();
                details.add(String.format(java.util.Locale.ROOT,
                        "shopper %d: found by a search from %+.1f to %+.1f ms of the enrolment's answer (identify %.1f ms); %d look-ups, searches starting %s ms (* found it; other results than NOT_RECOGNISED named)",
                        n, (f.searchStart() - enrolledAt) / 1e6, (f.searchEnd() - enrolledAt) / 1e6, f.identifyMs(), all.size(),
                        all.stream().map(l -> String.format(java.util.Locale.ROOT, "%+.0f%s", (l.searchStart() - enrolledAt) / 1e6,
                                l.customer().equals(customerId) ? "*" : l.result().equals("NOT_RECOGNISED") ? "" : "(" + l.result() + ")")).toList()));
                all.stream().filter(l -> l.customer().equals(customerId)).mapToLong(LookUp::receivedAt).min()
                        .ifPresent(answered -> answeredBy.add(Math.max(0, answered - enrolledAt)));
                // The first search that began after the answer found it.
                all.stream().filter(l -> l.timed() && l.searchStart() > enrolledAt).min(java.util.Comparator.comparingLong(LookUp::searchStart))
                        .filter(l -> l.customer().equals(customerId)).ifPresent(l -> foundFirstTime.incrementAndGet());
            }
            lookUpsSent.addAndGet(all.size());
            all.stream().filter(LookUp::timed).forEach(l -> beforeSearch.add(Math.max(0, l.searchStart() - l.sentAt())));
            if (wrongOnce) wrong.incrementAndGet();
        }

        /**
         * Searchable from: the first search (by {@code start}) that found the palm and started after
         * the last one that missed it; the palm is then found by every later search.
         */
        private static Optional<LookUp> firstForGood(List<LookUp> lookUps, String customerId, java.util.function.ToLongFunction<LookUp> start) {
            long lastMiss = lookUps.stream().filter(l -> l.result().equals("NOT_RECOGNISED")).mapToLong(start).max().orElse(Long.MIN_VALUE);
            return lookUps.stream().filter(l -> l.customer().equals(customerId) && start.applyAsLong(l) > lastMiss)
                    .min(java.util.Comparator.comparingLong(start));
        }

        /** The erasure through the admin API of server {@code first}, or the next ones after no answer or a 5xx (same key). */
        private ApiClient.Reply erase(String customerId, int first) throws InterruptedException {
            ApiClient.Reply last = new ApiClient.Reply(0, ApiClient.JSON.nullNode());
            for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                Node node = cluster.get((first + attempt) % cluster.size());
                try {
                    last = new ApiClient(node.adminPort()).post("/admin/v1/customers/" + customerId + "/erasure", adminToken, "erase-" + customerId, "{}");
                    if (last.status() < 500 && !last.json().path("type").asText().endsWith("idempotency-key-in-progress")) return last;
                } catch (IOException e) {
                    // that server is down: the next one
                }
                Thread.sleep(200);
            }
            return last;
        }

        /**
         * A payment made beforehand through {@code api} (another is made in the background to take its
         * place), or one made now when none is ready: a look-up is then only its palm call, so look-ups
         * sent {@value #LOOKUP_SPACING_MS} ms apart reach the servers about that far apart.
         */
        private Optional<String> readyPayment(ApiClient api) throws InterruptedException {
            java.util.concurrent.BlockingQueue<String> ready = readyPayments(api);
            Thread.ofVirtual().start(() -> {
                try {
                    probePayment(api).ifPresent(ready::offer);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String payment = ready.poll();
            return payment != null ? Optional.of(payment) : probePayment(api);
        }

        private java.util.concurrent.BlockingQueue<String> readyPayments(ApiClient api) {
            return readyPayments.computeIfAbsent(api, a -> new java.util.concurrent.ArrayBlockingQueue<>(READY_PAYMENTS_PER_SERVER));
        }

        /** A payment (automatic capture) to present a palm to, made through {@code api}; empty when it gave no answer. */
        private Optional<String> probePayment(ApiClient api) throws InterruptedException {
            long amount = FIRST_PROBE_AMOUNT + probe.incrementAndGet();
            try {
                ApiClient.Reply created = api.post("/v1/payments", api.apiKey, "probe-create-" + amount, "{\"amount\":{\"minor\":" + amount
                        + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + api.terminalId + "\",\"capture_method\":\"automatic\"}");
                return created.status() == 201 ? Optional.of(created.json().get("id").asText()) : Optional.empty();
            } catch (IOException e) {
                Thread.sleep(20);
                return Optional.empty();
            }
        }
    }
}
