package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import org.openpalm.payments.reconcile.ClearingFile;
import org.openpalm.payments.reconcile.Difference;
import org.openpalm.payments.reconcile.Reconciliation;
import org.openpalm.server.network.NetworkLinkSettings;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.TestDatabase;

/**
 * The security review's reproduction, over HTTP against the ISO 8583 network simulator, on H2 and
 * PostgreSQL: 20 refunds of the whole amount at once, and capture raced with void, each reach the
 * network once (counted by the simulator), and the simulator's clearing file reconciles with the
 * ledger afterwards.
 */
class MoneyMovesOnceTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void parallelRefundsAndCaptureVoidRacesMoveMoneyOnceAtTheNetwork(String database) throws Exception {
        String schema = "race_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DatabaseConfig db = database.equals("postgresql") ? TestDatabase.postgres(schema, 8) : DatabaseConfig.embedded(dataDir.resolve("db"));
        Path clearing = dataDir.resolve("clearing");
        try (NetworkSimulator sim = NetworkSimulator.start(SimConfig.testCards(0))) {
            sim.writeClearingTo(clearing);
            TestServer s = new TestServer(dataDir, db, Optional.of(NetworkLinkSettings.defaults("127.0.0.1", sim.port())));
            try {
                TestServer.Merchant m = s.onboard("Race shop");
                NetworkPaymentTest.enrolWith(s, m, 9001, NetworkPaymentTest.APPROVE);

                // 20 refunds of the whole EUR 10.00, each with its own Idempotency-Key, at once.
                String refunded = NetworkPaymentTest.payWith(s, m, 9001, 1_000);
                assertThat(s.post("/v1/payments/" + refunded + "/capture", m.apiKey(), TestServer.key(), "").status()).isEqualTo(200);
                long refundsBefore = sim.received("0200");
                List<TestServer.Response> answers = atOnce(java.util.stream.IntStream.range(0, 20)
                        .<Supplier<TestServer.Response>>mapToObj(i -> () -> s.post("/v1/payments/" + refunded + "/refunds", m.apiKey(),
                                TestServer.key(), "{\"amount\":{\"minor\":1000,\"currency\":\"EUR\"}}")).toList());
                assertThat(answers).extracting(TestServer.Response::status).containsOnly(201, 409);
                assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
                assertThat(sim.received("0200") - refundsBefore).as("refund messages (0200) at the network").isEqualTo(1);
                assertThat(sim.cleared("REFUND")).isEqualTo(1);

                // Capture and void raced, five times.
                for (int round = 0; round < 5; round++) {
                    String id = NetworkPaymentTest.payWith(s, m, 9001, 500 + round);
                    long before = sim.received("0220") + sim.received("0400") + sim.received("0401");
                    List<TestServer.Response> raced = atOnce(List.of(
                            () -> s.post("/v1/payments/" + id + "/capture", m.apiKey(), TestServer.key(), ""),
                            () -> s.post("/v1/payments/" + id + "/void", m.apiKey(), TestServer.key(), "")));
                    assertThat(raced).extracting(TestServer.Response::status).containsExactlyInAnyOrder(200, 409);
                    assertThat(sim.received("0220") + sim.received("0400") + sim.received("0401") - before)
                            .as("capture (0220) and reversal (0400) messages of round " + round).isEqualTo(1);
                    String status = s.get("/v1/payments/" + id, m.apiKey()).json().get("status").asText();
                    assertThat(status).isEqualTo(raced.get(0).status() == 200 ? "CAPTURED" : "VOIDED");
                }

                var storage = s.server.storage();
                var report = storage.transactor().inTransaction(() -> Reconciliation.reconcile(ClearingFile.read(clearing),
                        storage.payments().allMovements(), storage.journal().allTransfers(), Optional.empty()));
                assertThat(report.differences()).extracting(Difference::describe).isEmpty();
                assertThat(report.records()).as("1 capture + 1 refund, then 5 captures or reversals").isEqualTo(7);
                assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
            } finally {
                s.close();
                if (database.equals("postgresql")) TestDatabase.dropSchema(schema);
            }
        }
    }

    static <T> List<T> atOnce(List<Supplier<T>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = calls.stream().map(c -> threads.submit(() -> {
                go.await();
                return c.get();
            })).toList();
            go.countDown();
            List<T> out = new java.util.ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        }
    }
}
