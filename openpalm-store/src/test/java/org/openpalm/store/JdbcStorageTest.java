package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.idempotency.Claim;
import org.openpalm.payments.idempotency.IdempotencyKey;
import org.openpalm.payments.idempotency.RequestFingerprint;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.testing.PaymentsFixture;

@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcStorageTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    private PaymentsFixture fixture(KeyProvider keys) {
        if (opened == null) opened = db.open();
        return new PaymentsFixture(JdbcStorage.over(opened.database(), keys));
    }

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private List<String> dumpAllText() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = opened.database().dataSource().getConnection()) {
            for (String table : List.of("merchants", "stores", "terminals", "api_keys", "customers", "cards", "consents", "palm_enrolments",
                    "palm_templates", "payments", "refunds", "ledger_accounts", "ledger_transfers", "idempotency_keys")) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof byte[] b) out.add(HexFormat.of().formatHex(b) + " " + new String(b, StandardCharsets.ISO_8859_1));
                            else if (v != null) out.add(v.toString());
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void templatesAreEncryptedAtRestAndReadBackWithRotatedKeys() throws Exception {
        Path keyFile = dir.resolve("keys");
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(keyFile));
        var enrolled = (EnrolmentService.EnrolmentOutcome.Enrolled) f.enrol(1);
        EnrolledPalm palm = f.ports.palms().find(enrolled.enrolment()).orElseThrow();
        byte[] template = palm.templates().getFirst().toBytes();

        try (Connection c = opened.database().dataSource().getConnection();
             var st = c.createStatement(); var rs = st.executeQuery("SELECT key_id, ciphertext FROM palm_templates")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("key_id")).isEqualTo("k1");
            byte[] stored = rs.getBytes("ciphertext");
            assertThat(HexFormat.of().formatHex(stored)).doesNotContain(HexFormat.of().formatHex(template, 0, 16));
        }

        // rotate: add k2 as current; k1 rows still open, new rows use k2
        Files.writeString(keyFile, Files.readString(keyFile).replace("current=k1", "")
                + "k2=" + Base64.getEncoder().encodeToString(new byte[32]) + "\ncurrent=k2\n");
        Storage rotated = JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(keyFile));
        assertThat(rotated.palms().find(enrolled.enrolment()).orElseThrow().templates()).isEqualTo(palm.templates());

        // a ciphertext moved to another enrolment does not open
        Storage otherKeys = JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("other-keys")));
        assertThatThrownBy(() -> otherKeys.palms().allPalms()).isInstanceOf(StoreException.class);
    }

    @Test
    void apiKeysAreStoredOnlyAsHashesAndNoCardNumberIsStored() throws Exception {
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(dir.resolve("keys")));
        f.enrol(2);
        String secret = f.merchant.apiKey().reveal();
        assertThat(f.merchants.authenticate(f.merchant.apiKey())).contains(f.merchant.merchant());
        List<String> text = dumpAllText();
        assertThat(text).noneMatch(s -> s.contains(secret));
        assertThat(text).contains(f.merchant.apiKey().hash().hex());
        String pan = PaymentsFixture.card(2).revealTo((n, e) -> null);
        assertThat(text).noneMatch(s -> s.contains(pan));
    }

    @Test
    void theJournalIsAppendOnly() throws Exception {
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(dir.resolve("keys")));
        f.enrol(3);
        Payment p = ((PaymentService.CreateOutcome.Created) f.payments.create(f.merchant.merchant().id(), f.terminal.id(), Money.of(500, "EUR"))).payment();
        f.payments.presentPalm(f.terminal.id(), p.id(), PaymentsFixture.probe(3), Optional.empty());
        assertThat(f.ports.journal().allTransfers()).hasSize(1);
        try (Connection c = opened.database().dataSource().getConnection(); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE ledger_transfers SET amount = 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM ledger_transfers")).isInstanceOf(SQLException.class);
        }
        assertThat(f.ports.journal().allTransfers().getFirst().amount()).isEqualTo(500);
    }

    @Test
    void aFailedTransactionWritesNothingAndStaleUpdatesAreRefused() {
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(dir.resolve("keys")));
        Payment p = Payment.create(PaymentId.random(), f.merchant.merchant().id(), f.terminal.id(), Money.of(5, "EUR"),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        assertThatThrownBy(() -> f.ports.transactor().inTransaction(() -> {
            f.ports.payments().insert(p);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(f.ports.payments().find(p.id())).isEmpty();

        f.ports.payments().insert(p);
        assertThat(f.ports.payments().find(p.id())).contains(p);
        Payment next = ((org.openpalm.payments.payment.TransitionResult.Applied) p.awaitPalm(p.createdAt())).payment();
        assertThat(f.ports.payments().update(next, p.version())).isTrue();
        assertThat(f.ports.payments().update(next, p.version())).isFalse();
    }

    @Test
    void webhookDeliveriesAreLockedRetriedAndFinished() {
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(dir.resolve("keys")));
        var endpoint = f.merchants.addWebhookEndpoint(f.merchant.merchant().id(), java.net.URI.create("https://shop.example/h"), Instant.now());
        var webhooks = f.ports.webhooks();
        assertThat(webhooks.endpointsOf(f.merchant.merchant().id())).singleElement()
                .satisfies(e -> assertThat(e.secret()).isEqualTo(endpoint.secret()));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Payment p = Payment.create(PaymentId.random(), f.merchant.merchant().id(), f.terminal.id(), Money.of(5, "EUR"), t0);
        f.ports.payments().insert(p);
        webhooks.enqueue(List.of(new org.openpalm.payments.webhook.OutboxEvent(org.openpalm.payments.ids.EventId.random(), p.merchant(),
                "payment.authorised", p.id(), 1, t0)));
        var due = webhooks.due(t0, 10);
        assertThat(due).hasSize(1);
        var d = due.getFirst();
        assertThat(webhooks.lock(d.id(), t0, t0.plusSeconds(60))).isTrue();
        assertThat(webhooks.lock(d.id(), t0.plusSeconds(1), t0.plusSeconds(61))).isFalse();
        assertThat(webhooks.due(t0.plusSeconds(1), 10)).isEmpty();
        webhooks.saveBody(d.id(), "{\"first\":true}");
        webhooks.saveBody(d.id(), "{\"second\":true}");
        webhooks.failed(d.id(), 1, t0.plusSeconds(5), "HTTP 500", false);
        assertThat(webhooks.due(t0.plusSeconds(4), 10)).isEmpty();
        var retry = webhooks.due(t0.plusSeconds(5), 10);
        assertThat(retry).singleElement().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.body()).contains("{\"first\":true}");
        });
        assertThat(webhooks.pendingCount()).isEqualTo(1);
        webhooks.delivered(d.id(), 2, t0.plusSeconds(6));
        assertThat(webhooks.pendingCount()).isZero();
        assertThat(webhooks.due(t0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void aNonceIsUsableOncePerTerminalUntilItExpires() {
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(dir.resolve("keys")));
        var nonces = f.ports.nonces();
        var terminal = f.terminal.id();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(nonces.firstUse(terminal, "n-0123456789abcdef", t0.plusSeconds(120))).isTrue();
        assertThat(nonces.firstUse(terminal, "n-0123456789abcdef", t0.plusSeconds(120))).isFalse();
        assertThat(nonces.firstUse(org.openpalm.payments.ids.TerminalId.random(), "n-0123456789abcdef", t0.plusSeconds(120))).isTrue();
        assertThat(nonces.purgeExpired(t0.plusSeconds(121))).isEqualTo(2);
        assertThat(nonces.firstUse(terminal, "n-0123456789abcdef", t0.plusSeconds(300))).isTrue();
    }

    @Test
    void idempotencyKeysClaimReplayConflictAndPurge() {
        PaymentsFixture f = fixture(FileKeyProvider.openOrCreate(dir.resolve("keys")));
        var store = f.ports.idempotency();
        var key = new IdempotencyKey("k-1");
        var a = RequestFingerprint.of("op", "a".getBytes(StandardCharsets.UTF_8));
        var b = RequestFingerprint.of("op", "b".getBytes(StandardCharsets.UTF_8));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(store.claim("m", key, a, t0, t0.minusSeconds(60))).isInstanceOf(Claim.Acquired.class);
        assertThat(store.claim("m", key, a, t0, t0.minusSeconds(60))).isInstanceOf(Claim.InProgress.class);
        store.complete("m", key, new StoredResponse(201, "{\"ok\":true}"));
        assertThat(store.claim("m", key, a, t0, t0.minusSeconds(60))).isEqualTo(new Claim.Replay(new StoredResponse(201, "{\"ok\":true}")));
        assertThat(store.claim("m", key, b, t0, t0.minusSeconds(60))).isInstanceOf(Claim.Conflict.class);
        assertThat(store.claim("other", key, b, t0, t0.minusSeconds(60))).isInstanceOf(Claim.Acquired.class);
        store.release("other", key);
        assertThat(store.claim("other", key, a, t0, t0.minusSeconds(60))).isInstanceOf(Claim.Acquired.class);
        var abandoned = new IdempotencyKey("k-crashed");
        assertThat(store.claim("m", abandoned, a, t0, t0.minusSeconds(60))).isInstanceOf(Claim.Acquired.class);
        assertThat(store.claim("m", abandoned, a, t0.plusSeconds(10), t0.minusSeconds(50))).isInstanceOf(Claim.InProgress.class);
        assertThat(store.claim("m", abandoned, a, t0.plusSeconds(70), t0.plusSeconds(10))).isInstanceOf(Claim.Acquired.class);
        assertThat(store.purgeCreatedBefore(t0.plusSeconds(1))).isEqualTo(2);
    }
}
