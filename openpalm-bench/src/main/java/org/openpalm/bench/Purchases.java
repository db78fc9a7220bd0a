package org.openpalm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.openpalm.iso8583.sim.AccountConfig;
import org.openpalm.iso8583.sim.CardStatus;
import org.openpalm.iso8583.sim.IssuerConfig;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.ledger.LedgerReport;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.reconcile.ClearingFile;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcStorage;

/**
 * Palm purchases driven through faults, as a till drives them, and the audit of what the database
 * kept (the crash and cluster benches). A purchase is create, palm, and, unless it was created with
 * automatic capture, capture; each step has its own fixed Idempotency-Key and each purchase a
 * unique amount. A step that gets no answer, a 5xx or "in progress" is sent again with the same
 * key (to the server {@link Servers} names for that attempt); a 409 on the payment's state ("already
 * authorised", "already captured") is confirmed by reading the payment.
 */
final class Purchases {
    private Purchases() {}

    /** What the client was told about one purchase. */
    static final class Purchase {
        final long amount;
        /** Whose palm is presented (the ApiClient customer number). */
        final long customer;
        /** Created with capture_method automatic: the palm step also captures. */
        final boolean automatic;
        volatile String paymentId;
        volatile boolean created;
        final Set<String> rrnsAcknowledged = ConcurrentHashMap.newKeySet();
        /** The customer ids the palm step was answered with (one, unless a palm was taken for someone else's). */
        final Set<String> identifiedAs = ConcurrentHashMap.newKeySet();
        /** The palm step answered NOT_RECOGNISED for this enrolled palm. */
        volatile boolean notRecognised;
        volatile boolean captured;
        volatile String failure;
        volatile long startedAtNanos;
        volatile long finishedAtNanos;

        Purchase(long amount, long customer, boolean automatic) {
            this.amount = amount;
            this.customer = customer;
            this.automatic = automatic;
        }
    }

    /** Where each attempt of a step goes, and what to do after a call that got no answer. */
    interface Servers {
        /** The server for attempt {@code attempt} (0 first) of a step of purchase {@code p}. */
        ApiClient forAttempt(Purchase p, int attempt);

        /** After {@code api} gave no answer (its server died under the call): wait before the next attempt. */
        void noAnswer(ApiClient api, long deadlineNanos) throws InterruptedException;
    }

    /** Drives one purchase to CAPTURED, retrying each step with its key across faults. */
    static void pay(Servers servers, Purchase p, long deadlineNanos, AtomicInteger cut) throws InterruptedException {
        p.startedAtNanos = System.nanoTime();
        ApiClient any = servers.forAttempt(p, 0);
        String body = "{\"amount\":{\"minor\":" + p.amount + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + any.terminalId
                + "\",\"capture_method\":\"" + (p.automatic ? "automatic" : "manual") + "\"}";
        Optional<JsonNode> created = step(servers, deadlineNanos, p, "create", cut,
                api -> api.post("/v1/payments", api.apiKey, "create-" + p.amount, body), 201);
        if (created.isEmpty()) return;
        p.paymentId = created.get().get("id").asText();
        p.created = true;
        String palm = ApiClient.palmJson(p.customer, p.amount);
        Optional<JsonNode> paid = step(servers, deadlineNanos, p, "palm", cut,
                api -> api.terminalPost("/terminal/v1/payments/" + p.paymentId + "/palm", "palm-" + p.amount, palm), 200);
        if (paid.isEmpty()) return;
        String customerId = paid.get().path("payment").path("customer_id").asText("");
        if (!customerId.isEmpty()) p.identifiedAs.add(customerId);
        String result = paid.get().path("result").asText();
        if (!"AUTHORISED".equals(result)) {
            if ("NOT_RECOGNISED".equals(result)) p.notRecognised = true;
            p.failure = "palm answered " + paid.get();
            return;
        }
        p.rrnsAcknowledged.add(paid.get().path("payment").path("authorisation").path("rrn").asText());
        if (p.automatic) {
            if (paid.get().path("payment").path("status").asText().equals("CAPTURED")) {
                p.captured = true;
                p.finishedAtNanos = System.nanoTime();
            } else {
                p.failure = "the sale was not captured: " + paid.get();
            }
            return;
        }
        Optional<JsonNode> captured = step(servers, deadlineNanos, p, "capture", cut,
                api -> api.post("/v1/payments/" + p.paymentId + "/capture", api.apiKey, "capture-" + p.amount, ""), 200);
        if (captured.isEmpty()) return;
        p.captured = true;
        p.finishedAtNanos = System.nanoTime();
    }

    interface Call {
        ApiClient.Reply send(ApiClient api) throws IOException, InterruptedException;
    }

    /**
     * One step until it succeeds: sent again (same key) on no answer, 5xx and "in progress"; a 409
     * on the payment state is confirmed by reading the payment (the step took effect before a
     * fault cut its answer). Empty, with the purchase's failure set, when it cannot succeed.
     */
    static Optional<JsonNode> step(Servers servers, long deadlineNanos, Purchase p, String name, AtomicInteger cut, Call call, int okStatus)
            throws InterruptedException {
        for (int attempt = 0; System.nanoTime() < deadlineNanos; attempt++) {
            ApiClient api = servers.forAttempt(p, attempt);
            try {
                ApiClient.Reply r = call.send(api);
                if (r.status() == okStatus) return Optional.of(r.json());
                String type = r.json().path("type").asText();
                if (r.status() >= 500 || type.endsWith("idempotency-key-in-progress")) {
                    Thread.sleep(300);
                    continue;
                }
                if (r.status() == 409 && type.endsWith("payment-state") && p.paymentId != null) {
                    ApiClient.Reply got = api.get("/v1/payments/" + p.paymentId, api.apiKey);
                    String status = got.json().path("status").asText();
                    boolean tookEffect = switch (name) {
                        case "palm" -> status.equals("AUTHORISED") || status.equals("CAPTURED");
                        case "capture" -> status.equals("CAPTURED");
                        default -> false;
                    };
                    if (tookEffect) {
                        return Optional.of(name.equals("palm") ? ApiClient.JSON.createObjectNode().put("result", "AUTHORISED")
                                .set("payment", got.json()) : got.json());
                    }
                }
                p.failure = name + " answered " + r.status() + " " + r.json();
                return Optional.empty();
            } catch (IOException e) {
                cut.incrementAndGet();
                servers.noAnswer(api, deadlineNanos);
            }
        }
        p.failure = name + ": deadline passed";
        return Optional.empty();
    }

    /** One simulated issuer holding the cards of these ApiClient customers, with funds for every purchase. */
    static SimConfig network(String issuer, List<Long> customers) {
        List<AccountConfig> accounts = new ArrayList<>();
        for (long n : customers) {
            accounts.add(new AccountConfig(new org.openpalm.iso8583.CardNumber(PaymentsFixture.card(n).revealTo((x, e) -> null)),
                    YearMonth.now().plusYears(3), org.openpalm.iso8583.Money.of(1_000_000_000L, "EUR"), 1_000_000_000L, CardStatus.ACTIVE));
        }
        SimConfig base = SimConfig.testCards(0);
        return new SimConfig(0, base.randomSeed(), List.of(new IssuerConfig(issuer, true, 0, 0, 0, accounts)));
    }

    /**
     * What the database kept against what the client was told:
     *
     * @param doubleAuthorisations purchases authorised on two payment rows, or whose stored authorisation
     *                             differs from one the client was told about
     * @param lostLedgerEntries    acknowledged authorisations and captures without their ledger transfer
     * @param unfinished           purchases not CAPTURED at the end
     * @param duplicatePayments    one creation key, two payments
     * @param lostPayments         creation acknowledged, payment gone
     */
    record Audit(int purchases, int paymentRows, int doubleAuthorisations, int lostLedgerEntries, int unfinished, int duplicatePayments,
                 int lostPayments, LedgerReport ledger, Reconciliation.Report reconciled) {
        boolean ok() {
            return reconciled.ok() && ledger.ok() && doubleAuthorisations == 0 && lostLedgerEntries == 0 && unfinished == 0
                    && duplicatePayments == 0 && lostPayments == 0;
        }

        void print(PrintStream out) {
            out.printf("payments: %d purchases, %d payment rows%n", purchases, paymentRows);
            out.printf("double authorisations: %d; lost ledger entries: %d; unfinished: %d; duplicated payments: %d; acknowledged but lost: %d%n",
                    doubleAuthorisations, lostLedgerEntries, unfinished, duplicatePayments, lostPayments);
            out.printf("ledger: %d transfers, %s%n", ledger.transfers(),
                    ledger.ok() ? "OK" : ledger.problems().size() + " problems: " + ledger.problems().subList(0, Math.min(5, ledger.problems().size())));
            out.printf("reconcile with the network's clearing file: %d records, %d differences%n", reconciled.records(), reconciled.differences().size());
            reconciled.differences().stream().limit(5).forEach(d -> out.println("  " + d.describe()));
        }
    }

    /** Audits {@code purchases} against the database of {@code config} and the network's clearing file (servers stopped). */
    static Audit audit(ServerConfig config, List<Purchase> purchases, Path clearing) throws IOException {
        try (Database db = Database.open(config.effectiveDatabase())) {
            var storage = JdbcStorage.over(db, config.openKeys());
            LedgerReport ledger = new LedgerAudit(storage).check();
            Reconciliation.Report reconciled = storage.transactor().inTransaction(() -> Reconciliation.reconcile(ClearingFile.read(clearing),
                    storage.payments().allMovements(), storage.journal().allTransfers(), Optional.empty()));
            Map<Long, List<Payment>> byAmount = new HashMap<>();
            int rows = 0;
            for (Payment p : storage.payments().allPayments()) {
                byAmount.computeIfAbsent(p.amount().minor(), a -> new ArrayList<>()).add(p);
                rows++;
            }
            Set<String> transfers = new HashSet<>();
            try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM ledger_transfers")) {
                while (rs.next()) transfers.add(rs.getString(1));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not read the ledger transfers", e);
            }
            int doubles = 0;
            int lostEntries = 0;
            int unfinished = 0;
            int duplicates = 0;
            int lostPayments = 0;
            for (Purchase p : purchases) {
                List<Payment> same = byAmount.getOrDefault(p.amount, List.of());
                if (same.size() > 1) duplicates++;
                long authorisedRows = same.stream().filter(r -> r.authorisation().isPresent()).count();
                Optional<Payment> row = same.stream().filter(r -> r.id().value().equals(p.paymentId)).findFirst();
                if (p.created && row.isEmpty()) lostPayments++;
                Set<String> rrns = new HashSet<>(p.rrnsAcknowledged);
                row.flatMap(Payment::authorisation).ifPresent(a -> rrns.add(a.rrn()));
                if (authorisedRows > 1 || rrns.size() > 1) doubles++;
                if (!p.rrnsAcknowledged.isEmpty() && !transfers.contains(p.paymentId + ":auth")) lostEntries++;
                if (p.captured && !transfers.contains(p.paymentId + ":capture")) lostEntries++;
                if (row.isEmpty() || row.get().status() != PaymentStatus.CAPTURED) unfinished++;
            }
            return new Audit(purchases.size(), rows, doubles, lostEntries, unfinished, duplicates, lostPayments, ledger, reconciled);
        }
    }
}
