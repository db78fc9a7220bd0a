package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.testing.FreePorts;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.store.Database;
import org.openpalm.store.DatabaseConfig;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.TestDatabase;

/**
 * Three servers as their own JVMs ({@link ServerProcess}, what the crash and cluster benches run),
 * one clustered gallery on one PostgreSQL and one shared key file: a palm enrolled through one
 * pays at another; one server SIGKILLed, the others go on paying, and started again it finds the
 * palm too; a palm erased through one is recognised by none; a fourth server with keys of its own
 * refuses to start, saying why, and its process exits.
 */
class ServerProcessClusterTest {
    private static final String ADMIN_TOKEN = "process-cluster-admin-token";
    private static final Duration START = Duration.ofMinutes(3);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private record Node(ServerProcess process, int port, int adminPort) {}

    @Test
    void serversInTheirOwnProcessesShareOneGalleryThroughAKillAndAnErasure() throws Exception {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig database = TestDatabase.postgres(schema, 4);
        Path sharedKeys = dir.resolve("shared-storage").resolve("openpalm-keys");
        List<Node> nodes = new ArrayList<>();
        try {
            // The schema and the shared keys exist before the servers start side by side.
            try (Database migrated = Database.open(database)) {
                FileKeyProvider.openOrCreate(sharedKeys);
            }
            int[][] ports = FreePorts.perServer(3, 3);
            StringBuilder members = new StringBuilder();
            for (int[] p : ports) members.append(members.isEmpty() ? "" : ",").append("127.0.0.1:").append(p[2]);
            String clusterName = "processes-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                Path config = write(i, database, sharedKeys, ports[i], members.toString(), clusterName);
                nodes.add(new Node(new ServerProcess(config, dir, Integer.toString(i), List.of("-Xmx512m")), ports[i][0], ports[i][1]));
            }
            for (Node n : nodes) n.process().start();
            for (Node n : nodes) n.process().awaitReady(n.port(), START);

            Merchant m = onboard(nodes.getFirst());
            String customer = enrol(nodes.getFirst(), m, 7401);
            assertThat(pay(nodes.get(1), m, 7401, 1)).isEqualTo("AUTHORISED");

            nodes.get(1).process().kill();
            assertThat(nodes.get(1).process().alive()).isFalse();
            // The other two are a majority: after the dead member's partitions are taken over, they pay.
            assertThat(payRetryingWhileBusy(nodes.get(2), m, 7401, 2)).isEqualTo("AUTHORISED");
            nodes.get(1).process().start();
            nodes.get(1).process().awaitReady(nodes.get(1).port(), START);
            assertThat(nodes.get(1).process().starts()).isEqualTo(2);
            assertThat(payRetryingWhileBusy(nodes.get(1), m, 7401, 3)).isEqualTo("AUTHORISED");

            TestServer.Response erased = send(nodes.get(2), nodes.get(2).adminPort(), "/admin/v1/customers/" + customer + "/erasure",
                    ADMIN_TOKEN, "{}");
            assertThat(erased.status()).as(erased.text()).isEqualTo(200);
            for (int i = 0; i < 3; i++) assertThat(payRetryingWhileBusy(nodes.get(i), m, 7401, 10 + i)).isEqualTo("NOT_RECOGNISED");

            // A server on the same database with a key file of its own is refused before it joins anything.
            int[] own = FreePorts.perServer(1, 3)[0];
            Path ownConfig = write(3, database, dir.resolve("own-keys").resolve("openpalm-keys"), own, "127.0.0.1:" + own[2], clusterName);
            try (ServerProcess stranger = new ServerProcess(ownConfig, dir, "stranger", List.of("-Xmx512m"))) {
                stranger.start();
                assertThatThrownBy(() -> stranger.awaitReady(own[0], START))
                        .hasMessageContaining("exited before it was ready")
                        .hasMessageContaining("refusing to start");
            }
        } finally {
            for (Node n : nodes) n.process().kill();
            TestDatabase.dropSchema(schema);
        }
    }

    private Path write(int i, DatabaseConfig database, Path keys, int[] ports, String members, String clusterName) throws Exception {
        Properties p = new Properties();
        p.setProperty("db.url", database.jdbcUrl());
        p.setProperty("db.user", database.user());
        p.setProperty("db.password", database.password());
        p.setProperty("db.schema", database.schema().orElseThrow());
        p.setProperty("keys.file", keys.toString());
        p.setProperty("data.dir", dir.resolve("node-" + i).toString());
        p.setProperty("http.port", Integer.toString(ports[0]));
        p.setProperty("admin.port", Integer.toString(ports[1]));
        p.setProperty("admin.token", ADMIN_TOKEN);
        p.setProperty("portal.codeSender", "log");
        p.setProperty("cluster.members", members);
        p.setProperty("cluster.host", "127.0.0.1");
        p.setProperty("cluster.port", Integer.toString(ports[2]));
        p.setProperty("cluster.name", clusterName);
        p.setProperty("cluster.partitionCount", "71");
        Path file = dir.resolve("node-" + i + ".properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "server " + i);
        }
        return file;
    }

    private record Merchant(String apiKey, TestServer.SigningTerminal reader, TestServer.SigningTerminal kiosk) {}

    private Merchant onboard(Node n) {
        TestServer.Response merchant = send(n, n.adminPort(), "/admin/v1/merchants", ADMIN_TOKEN, "{\"name\":\"Process Street Shop\"}");
        assertThat(merchant.status()).as(merchant.text()).isEqualTo(201);
        String apiKey = merchant.json().get("api_key").asText();
        String store = send(n, n.port(), "/v1/stores", apiKey, "{\"name\":\"Main Street\"}").json().get("store_id").asText();
        return new Merchant(apiKey, terminal(n, apiKey, store, "reader"), terminal(n, apiKey, store, "kiosk"));
    }

    private TestServer.SigningTerminal terminal(Node n, String apiKey, String store, String role) {
        var pair = TestServer.ed25519();
        TestServer.Response t = send(n, n.port(), "/v1/terminals", apiKey, "{\"store_id\":\"" + store + "\",\"role\":\"" + role
                + "\",\"public_key\":\"" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\"}");
        assertThat(t.status()).as(t.text()).isEqualTo(201);
        return new TestServer.SigningTerminal(t.json().get("terminal_id").asText(), pair);
    }

    /** Enrols shopper {@code n} at the kiosk through {@code node}; the phone's code is read from the servers' logs. */
    private String enrol(Node node, Merchant m, long n) throws Exception {
        String phone = ServerApiTest.phone(n);
        TestServer.Response check = signed(node, m.kiosk(), "/terminal/v1/enrolments/phone-checks", "{\"phone\":\"" + phone + "\"}");
        assertThat(check.status()).as(check.text()).isEqualTo(201);
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) TestServer.JSON.readTree(ServerApiTest.enrolmentJson(n, phone));
        body.put("phone_check_id", check.json().get("phone_check_id").asText());
        body.put("phone_code", ServerProcess.enrolmentCodeFromLogs(dir, phone));
        body.put("cvv2", TestServer.cvv2Of(body.get("card_number").asText()));
        TestServer.Response enrolled = signed(node, m.kiosk(), "/terminal/v1/enrolments", TestServer.JSON.writeValueAsString(body));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
        return enrolled.json().get("customer_id").asText();
    }

    /** A palm payment of shopper {@code seed} (capture {@code capture}) through {@code node}: its palm result. */
    private TestServer.Response payOnce(Node node, Merchant m, long seed, long capture) {
        TestServer.Response created = send(node, node.port(), "/v1/payments", m.apiKey(),
                "{\"amount\":{\"minor\":1234,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.reader().id() + "\",\"capture_method\":\"automatic\"}");
        if (created.status() != 201) return created;
        String palm = "{\"palm_image\":\"" + ServerApiTest.png(SyntheticPalms.capture(seed, capture, 1, 0)) + "\"}";
        return signed(node, m.reader(), "/terminal/v1/payments/" + created.json().get("id").asText() + "/palm", palm);
    }

    private String pay(Node node, Merchant m, long seed, long capture) {
        TestServer.Response paid = payOnce(node, m, seed, capture);
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json().get("result").asText();
    }

    /** As {@link #pay}, sent again while the gallery is busy re-forming after the kill (503 busy: retry later). */
    private String payRetryingWhileBusy(Node node, Merchant m, long seed, long capture) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TestServer.Response paid = payOnce(node, m, seed, capture);
        while (paid.status() == 503 && System.nanoTime() < until) {
            Thread.sleep(500);
            paid = payOnce(node, m, seed, capture);
        }
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json().get("result").asText();
    }

    private TestServer.Response send(Node node, int port, String path, String bearer, String json) {
        return TestServer.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).header("Idempotency-Key", UUID.randomUUID().toString()).build());
    }

    private TestServer.Response signed(Node node, TestServer.SigningTerminal t, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        return TestServer.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                .header("X-Terminal-Id", t.id()).header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", t.sign("POST", path, "application/json", ts, nonce, body))
                .header("Idempotency-Key", UUID.randomUUID().toString()).build());
    }
}
