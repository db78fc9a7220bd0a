package org.openpalm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.PostgresPair;

/**
 * {@code ./openpalm bench failover}: palm sales (create, then palm with automatic capture) against
 * a private PostgreSQL pair (primary with a synchronous standby, see {@link PostgresPair}) while
 * the primary is killed ({@code pg_ctl stop -m immediate}) mid-run and the standby promoted
 * {@code --promote-after-ms} later, as an operator or a failover manager would. The server runs on
 * with the multi-host URL; every step that fails or gets no answer is retried with its own
 * Idempotency-Key, as a till does. Then the new primary is checked:
 * <ul>
 *   <li>{@code lost_after_failover}: sales the client saw approved that the new primary lacks or
 *       holds as not captured;
 *   <li>{@code double_authorisations}: a sale acknowledged with two approvals, or stored with
 *       another one than acknowledged;
 *   <li>{@code ledger_check_ok}, {@code reconcile_differences} (the card network's clearing
 *       against the books);
 *   <li>{@code unavailable_ms}: from the kill to the first sale approved after it.
 * </ul>
 */
final class FailoverBench {
    private static final int CUSTOMERS = 20;
    private static final long FIRST_AMOUNT = 3_000;
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    private FailoverBench() {}

    /** One sale as the client saw it. */
    private static final class Sale {
        final long amount;
        volatile String paymentId;
        volatile boolean approved;
        volatile long approvedAtNanos;
        /** When the attempt that got the approval was sent. */
        volatile long approvingAttemptSentAtNanos;
        final Set<String> rrns = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile String failure;

        Sale(long amount) {
            this.amount = amount;
        }
    }

    static int run(String[] args) throws Exception {
        int payments = PaymentsBench.intArg(args, "--payments", 1_000);
        int concurrency = PaymentsBench.intArg(args, "--concurrency", 8);
        int promoteAfterMillis = PaymentsBench.intArg(args, "--promote-after-ms", 1_000);
        boolean json = List.of(args).contains("--json");
        PrintStream out = json ? System.err : System.out;
        if (!PostgresPair.available()) {
            out.println("bench failover: needs Debian's PostgreSQL tools and root (to run them as postgres)");
            return 2;
        }
        Path dir = Files.createTempDirectory("openpalm-failover");
        out.printf("bench failover: %d sales, concurrency %d, primary killed after a third, standby promoted %d ms later%n",
                payments, concurrency, promoteAfterMillis);
        try (PostgresPair pair = PostgresPair.start()) {
            out.println("pair: primary and synchronous standby up; " + pair.jdbcUrl());
            Map<String, String> env = new HashMap<>();
            String adminToken = "failover-" + UUID.randomUUID();
            env.put("OPENPALM_DATA_DIR", dir.toString());
            env.put("OPENPALM_HTTP_PORT", "0");
            env.put("OPENPALM_ADMIN_TOKEN", adminToken);
            env.put("OPENPALM_DB_URL", pair.jdbcUrl());
            env.put("OPENPALM_DB_USER", "postgres");
            env.put("OPENPALM_DB_CONNECTION_TIMEOUT_MILLIS", "2000");
            env.put("OPENPALM_IDEMPOTENCY_IN_PROGRESS_LEASE_SECONDS", "2"); // a call cut by the kill is retried after 2 s
            env.put("OPENPALM_ADMIN_PORT", "0");
            env.put("OPENPALM_TERMINAL_RATE_LIMIT_REQUESTS_PER_MINUTE", "1000000000"); // one terminal drives every sale
            env.put("OPENPALM_TERMINAL_RATE_LIMIT_BURST_REQUESTS", "1000000");
            env.put("OPENPALM_PRESENTATIONS_MAX_PER_TERMINAL_PER_MINUTE", Integer.toString(Integer.MAX_VALUE));
            env.put("OPENPALM_PORTAL_CODE_SENDER", "log");
            ServerConfig sc = ConfigLoader.load(Optional.empty(), env);
            // the shoppers' phone codes at enrolment, read where the server sent them
            org.openpalm.server.RecordingOneTimeCodeSender codes = new org.openpalm.server.RecordingOneTimeCodeSender();
            try (OpenPalmServer server = Main.start(sc, codes)) {
                ApiClient api = new ApiClient(server.port());
                api.onboard(adminToken, server.adminPort());
                for (int i = 1; i <= CUSTOMERS; i++) {
                    ApiClient.Reply r = api.enrol(900_000 + i, phone -> codes.enrolmentCode(phone).orElseThrow());
                    if (r.status() != 201) throw new IllegalStateException("enrolment failed: " + r.status() + " " + r.json());
                }
                List<Sale> sales = java.util.stream.LongStream.range(0, payments).mapToObj(k -> new Sale(FIRST_AMOUNT + k)).toList();
                AtomicInteger approvedCount = new AtomicInteger();
                AtomicLong killedAt = new AtomicLong();
                AtomicInteger committedBeforeKill = new AtomicInteger();
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                Thread operator = Thread.ofVirtual().start(() -> {
                    try {
                        while (approvedCount.get() < payments / 3) Thread.sleep(5);
                        committedBeforeKill.set(approvedCount.get());
                        killedAt.set(System.nanoTime());
                        pair.killPrimary();
                        out.printf("primary killed after %d approved sales%n", committedBeforeKill.get());
                        Thread.sleep(promoteAfterMillis);
                        pair.promoteStandby();
                        out.printf("standby promoted %.1f s after the kill%n", (System.nanoTime() - killedAt.get()) / 1e9);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                long start = System.nanoTime();
                PaymentsBench.forEach(payments, concurrency, k -> sell(api, sales.get(k), deadline, approvedCount));
                operator.join();
                double seconds = (System.nanoTime() - start) / 1e9;
                // Only approvals asked for after the kill: an answer in flight at the kill was committed before it.
        long unavailableMillis = sales.stream().filter(s -> s.approved && s.approvingAttemptSentAtNanos > killedAt.get())
                        .mapToLong(s -> s.approvedAtNanos - killedAt.get()).min().orElse(-1_000_000L) / 1_000_000;

                var storage = server.storage();
                Map<String, Payment> stored = new HashMap<>();
                for (Payment p : storage.payments().allPayments()) stored.put(p.id().value(), p);
                int lost = 0;
                int doubles = 0;
                int unfinished = 0;
                for (Sale s : sales) {
                    Payment p = s.paymentId == null ? null : stored.get(s.paymentId);
                    if (!s.approved) unfinished++;
                    if (s.approved && (p == null || p.status() != PaymentStatus.CAPTURED)) lost++;
                    Set<String> rrns = new HashSet<>(s.rrns);
                    if (p != null) p.authorisation().ifPresent(a -> rrns.add(a.rrn()));
                    if (rrns.size() > 1) doubles++;
                }
                LedgerReport ledger = server.ledgerAudit().check();
                Reconciliation.Report reconciled = storage.transactor().inTransaction(() -> Reconciliation.reconcile(
                        server.network().clearedRecords(), storage.payments().allMovements(), storage.journal().allTransfers(), Optional.empty()));
                sales.stream().filter(s -> s.failure != null).limit(5).forEach(s -> out.println("unfinished " + s.amount + ": " + s.failure));
                out.printf("%d sales in %.1f s; approved before the kill: %d; unavailable for %d ms (kill to the first sale approved after it)%n",
                        payments, seconds, committedBeforeKill.get(), unavailableMillis);
                out.printf("lost after failover: %d; double authorisations: %d; unfinished: %d; ledger: %s; reconcile differences: %d%n",
                        lost, doubles, unfinished, ledger.ok() ? "OK" : ledger.problems().size() + " problems", reconciled.differences().size());
                boolean ok = lost == 0 && doubles == 0 && unfinished == 0 && ledger.ok() && reconciled.ok();
                out.println(ok ? "failover bench PASSED" : "failover bench FAILED");
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("payments", payments);
                    o.put("committed_before_kill", committedBeforeKill.get());
                    o.put("lost_after_failover", lost);
                    o.put("double_authorisations", doubles);
                    o.put("ledger_check_ok", ledger.ok());
                    o.put("reconcile_differences", reconciled.differences().size());
                    o.put("unfinished", unfinished);
                    o.put("unavailable_ms", unavailableMillis);
                    System.out.println(ApiClient.JSON.writeValueAsString(o));
                }
                return ok ? 0 : 1;
            }
        }
    }

    /** Drives one sale to approval, retrying each step with its key until the deadline. */
    private static void sell(ApiClient api, Sale s, long deadline, AtomicInteger approvedCount) throws InterruptedException {
        String body = "{\"amount\":{\"minor\":" + s.amount + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + api.terminalId
                + "\",\"capture_method\":\"automatic\"}";
        Optional<JsonNode> created = retried(deadline, s, () -> api.post("/v1/payments", api.apiKey, "create-" + s.amount, body), 201);
        if (created.isEmpty()) return;
        s.paymentId = created.get().get("id").asText();
        String palm = ApiClient.palmJson(900_001 + s.amount % CUSTOMERS, s.amount);
        long[] sentAt = new long[1];
        Optional<JsonNode> paid = retried(deadline, s, () -> {
            sentAt[0] = System.nanoTime();
            return api.terminalPost("/terminal/v1/payments/" + s.paymentId + "/palm", "palm-" + s.amount, palm);
        }, 200);
        JsonNode payment;
        if (paid.isPresent()) {
            payment = paid.get().path("payment");
        } else {
            // The palm call took effect before the kill cut its answer: its retry is refused (409,
            // already authorised); the till reads the payment, as a person at the counter would.
            Optional<JsonNode> read = retried(deadline, s, () -> api.get("/v1/payments/" + s.paymentId, api.apiKey), 200);
            if (read.isEmpty() || !read.get().path("status").asText().equals("CAPTURED")) return;
            payment = read.get();
            s.failure = null;
        }
        s.rrns.add(payment.path("authorisation").path("rrn").asText());
        if (payment.path("status").asText().equals("CAPTURED")) {
            s.approvingAttemptSentAtNanos = sentAt[0];
            s.approvedAtNanos = System.nanoTime();
            s.approved = true;
            approvedCount.incrementAndGet();
        } else {
            s.failure = "palm answered " + payment;
        }
    }

    interface Call {
        ApiClient.Reply send() throws IOException, InterruptedException;
    }

    /** A step until it answers {@code ok}: no answer, 5xx and 409 "in progress" are retried with the same key. */
    private static Optional<JsonNode> retried(long deadline, Sale s, Call call, int ok) throws InterruptedException {
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                ApiClient.Reply r = call.send();
                if (r.status() == ok) return Optional.of(r.json());
                last = r.status() + " " + r.json();
                if (r.status() < 500 && !(r.status() == 409 && r.json().path("type").asText().endsWith("in-progress"))) break;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        s.failure = last;
        return Optional.empty();
    }
}
