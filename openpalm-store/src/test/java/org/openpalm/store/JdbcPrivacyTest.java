package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditVerification;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.insights.Visit;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.CaptureMethod;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.privacy.PrivacyPorts;
import org.openpalm.payments.privacy.PrivacyService;
import org.openpalm.payments.privacy.RetentionConfig;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.PaymentOutcome;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.payments.service.Storage;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** Consents, erasure, retention, insights filtering and the audit chain, on H2 and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcPrivacyTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;
    private PrivacyPorts ports;
    private PaymentsFixture f;

    private PaymentsFixture fixture() {
        opened = db.open();
        Storage storage = JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(dir.resolve("keys")));
        ports = JdbcPrivacyStorage.over(storage);
        f = new PaymentsFixture(storage, ports.audit());
        return f;
    }

    private PrivacyService privacy(Clock clock) {
        return new PrivacyService(f.ports, ports, f.identifier, RetentionConfig.DEFAULT, clock);
    }

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private CustomerId enrol(long n, boolean insights) {
        var outcome = f.enrolment.enrol(new EnrolmentService.EnrolmentRequest(PaymentsFixture.phone(n), PaymentsFixture.card(n),
                new Expiry(java.time.YearMonth.now().plusYears(2)), List.of(SyntheticPalms.template(n)), true, "v1", insights, ConsentChannel.KIOSK));
        return ((EnrolmentService.EnrolmentOutcome.Enrolled) outcome).customer().id();
    }

    private Payment pay(long n, long minor) {
        var created = (PaymentService.CreateOutcome.Created) f.payments.create(f.merchant.merchant().id(), f.terminal.id(), Money.of(minor, "EUR"));
        PaymentOutcome paid = f.payments.presentPalm(f.terminal.id(), created.payment().id(), PaymentsFixture.probe(n), Optional.empty());
        assertThat(paid).isInstanceOf(PaymentOutcome.Done.class);
        return ((PaymentOutcome.Done) f.payments.capture(f.merchant.merchant().id(), created.payment().id(), Optional.empty())).payment();
    }

    private List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        String schema = opened.schema().orElse("public");
        try (var rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                if (schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    /** Every value of every column of every table, as text (bytes as ISO-8859-1 and as hex). */
    private List<String> everyValue() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = opened.database().dataSource().getConnection(); var st = c.createStatement()) {
            List<String> tables = tables(c);
            assertThat(tables).contains("palm_templates", "payments", "audit_log", "consents", "portal_sessions");
            for (String table : tables) {
                try (var rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof byte[] b) out.add(new String(b, StandardCharsets.ISO_8859_1) + " " + HexFormat.of().formatHex(b));
                            else if (v != null) out.add(v.toString());
                        }
                    }
                }
            }
        }
        return out;
    }

    private List<byte[]> storedCiphertexts() throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (Connection c = opened.database().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT ciphertext FROM palm_templates")) {
            while (rs.next()) out.add(rs.getBytes(1));
        }
        return out;
    }

    @Test
    void erasureRemovesEveryTraceOfThePalmButKeepsPaymentsAndLedger() throws Exception {
        fixture();
        CustomerId customer = enrol(31, false);
        Payment payment = pay(31, 1_250);
        byte[] template = SyntheticPalms.template(31).toBytes();
        List<byte[]> sealed = storedCiphertexts();
        assertThat(sealed).hasSize(1);
        long transfersBefore = f.audit.check().transfers();

        var erasure = privacy(PaymentsFixture.CLOCK).erasePalmData(customer, ConsentChannel.PORTAL, "customer:" + customer.value(), "on request");

        assertThat(erasure).isEqualTo(new PrivacyService.Erasure.Erased(1));
        assertThat(f.identifier.identify(PaymentsFixture.probe(31), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        assertThat(f.ports.palms().ofCustomer(customer)).isEmpty();
        String plainHex = HexFormat.of().formatHex(template);
        String plainBase64 = Base64.getEncoder().encodeToString(template);
        String plainLatin1 = new String(template, StandardCharsets.ISO_8859_1);
        String sealedHex = HexFormat.of().formatHex(sealed.getFirst());
        List<String> values = everyValue();
        assertThat(values).isNotEmpty().noneMatch(v -> v.contains(plainHex) || v.contains(plainBase64) || v.contains(plainLatin1)
                || v.contains(sealedHex) || v.contains(Base64.getEncoder().encodeToString(sealed.getFirst())));
        // the data directory holds only the key file here; it holds no template either
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).doesNotContain(plainLatin1).doesNotContain(plainBase64).doesNotContain(plainHex);
            }
        }
        // payments and ledger stay, still naming the customer and card but no palm data
        assertThat(f.ports.payments().find(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(f.audit.check().transfers()).isEqualTo(transfersBefore);
        assertThat(f.audit.check().ok()).isTrue();
        assertThat(f.ports.customers().findConsent(customer, ConsentKind.BIOMETRIC_PROCESSING).orElseThrow().active()).isFalse();
        assertThat(ports.audit().about(customer.value())).extracting(e -> e.action())
                .containsSubsequence("ENROLMENT", "CONSENT_GRANTED", "PALM_DATA_ERASED", "CONSENT_WITHDRAWN");
        assertThat(privacy(PaymentsFixture.CLOCK).erasePalmData(customer, ConsentChannel.PORTAL, "admin", "again"))
                .isEqualTo(new PrivacyService.Erasure.NothingHeld());
        assertThat(ports.audit().verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @Test
    void retentionDeletesPalmDataUnusedForTwoYearsCountingPalmPayments() {
        fixture();
        CustomerId idle = enrol(41, false);
        CustomerId regular = enrol(42, false);
        Instant now = Instant.now();
        // the regular customer paid by palm 400 days from now
        f.ports.payments().insert(new Payment(PaymentId.random(), f.merchant.merchant().id(), f.terminal.id(), Money.of(500, "EUR"),
                PaymentStatus.AUTHORISED, Optional.of(regular), Optional.empty(), Optional.empty(), Optional.empty(), Money.of(0, "EUR"),
                List.of(), 1, now.plus(Duration.ofDays(400)), now.plus(Duration.ofDays(400)), CaptureMethod.MANUAL, Optional.empty()));

        assertThat(privacy(Clock.fixed(now.plus(Duration.ofDays(729)), ZoneOffset.UTC)).applyRetention()).isZero();
        assertThat(privacy(Clock.fixed(now.plus(Duration.ofDays(731)), ZoneOffset.UTC)).applyRetention()).isEqualTo(1);
        assertThat(f.ports.palms().ofCustomer(idle)).isEmpty();
        assertThat(f.ports.palms().ofCustomer(regular)).hasSize(1);
        assertThat(f.identifier.identify(PaymentsFixture.probe(41), Optional.empty())).isInstanceOf(Identification.NotRecognised.class);
        assertThat(ports.audit().about(idle.value())).anyMatch(e -> e.actor().equals("retention-job") && e.action().equals("PALM_DATA_ERASED"));

        assertThat(privacy(Clock.fixed(now.plus(Duration.ofDays(400 + 731)), ZoneOffset.UTC)).applyRetention()).isEqualTo(1);
        assertThat(f.ports.palms().ofCustomer(regular)).isEmpty();
    }

    @Test
    void onlyCustomersWithAnActiveInsightsConsentAreEverRead() {
        fixture();
        CustomerId atKiosk = enrol(51, true);
        CustomerId later = enrol(52, false);
        CustomerId never = enrol(53, false);
        pay(51, 1_000);
        pay(52, 2_000);
        pay(53, 3_000);
        PrivacyService privacy = privacy(PaymentsFixture.CLOCK);
        assertThat(customers(ports.privacy().consentedVisits(f.merchant.merchant().id()))).containsExactly(atKiosk);

        assertThat(privacy.grantShoppingInsights(later, "v2", ConsentChannel.PORTAL, "customer:" + later.value()))
                .isInstanceOf(PrivacyService.ConsentChange.Granted.class);
        assertThat(privacy.grantShoppingInsights(later, "v2", ConsentChannel.PORTAL, "customer:" + later.value()))
                .isInstanceOf(PrivacyService.ConsentChange.AlreadyGranted.class);
        assertThat(customers(ports.privacy().consentedVisits(f.merchant.merchant().id()))).containsExactlyInAnyOrder(atKiosk, later);

        assertThat(privacy.withdraw(atKiosk, ConsentKind.SHOPPING_INSIGHTS, ConsentChannel.PORTAL, "customer:" + atKiosk.value()))
                .isInstanceOf(PrivacyService.ConsentChange.Withdrawn.class);
        assertThat(privacy.withdraw(atKiosk, ConsentKind.SHOPPING_INSIGHTS, ConsentChannel.PORTAL, "customer:" + atKiosk.value()))
                .isInstanceOf(PrivacyService.ConsentChange.AlreadyWithdrawn.class);
        assertThat(privacy.withdraw(never, ConsentKind.SHOPPING_INSIGHTS, ConsentChannel.API, "admin"))
                .isInstanceOf(PrivacyService.ConsentChange.NeverGiven.class);
        List<Visit> visits = ports.privacy().consentedVisits(f.merchant.merchant().id());
        assertThat(customers(visits)).containsExactly(later);
        assertThat(visits.getFirst().amount()).isEqualTo(Money.of(2_000, "EUR"));
        // palm data untouched by an insights withdrawal; a biometric withdrawal erases it
        assertThat(f.ports.palms().ofCustomer(atKiosk)).hasSize(1);
        assertThat(privacy.withdraw(atKiosk, ConsentKind.BIOMETRIC_PROCESSING, ConsentChannel.PORTAL, "customer:" + atKiosk.value()))
                .isInstanceOfSatisfying(PrivacyService.ConsentChange.Withdrawn.class, w -> assertThat(w.palmEnrolmentsErased()).isEqualTo(1));
        assertThat(f.ports.palms().ofCustomer(atKiosk)).isEmpty();
        assertThat(privacy.consents(atKiosk)).extracting(c -> c.kind() + " " + c.active() + " " + c.channel())
                .containsExactly("BIOMETRIC_PROCESSING false PORTAL", "SHOPPING_INSIGHTS false PORTAL");

        var export = privacy.export(later, "customer:" + later.value()).orElseThrow();
        assertThat(export.payments()).hasSize(1);
        assertThat(export.cards()).singleElement().satisfies(c -> assertThat(c.last4()).hasSize(4));
        assertThat(export.palmEnrolments()).isEqualTo(1);
        assertThat(export.audit()).extracting(e -> e.action()).contains("ENROLMENT", "DATA_EXPORTED");
    }

    private static List<CustomerId> customers(List<Visit> visits) {
        return visits.stream().map(Visit::customer).distinct().toList();
    }

    @Test
    void concurrentAppendsTakeTurnsOnTheHeadSoTheChainNeverForks() throws Exception {
        fixture();
        int threads = 6;
        int each = 20;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String details = "read " + thread + "/" + i;
                        // each append inside a business transaction, as the services do
                        f.ports.transactor().inTransaction(() -> ports.audit().append(
                                new AuditEvent("admin", AuditAction.ADMIN_ACCESS, "cus_" + thread, details), Instant.now()));
                    }
                }));
            }
            for (var d : done) d.get();
        }
        assertThat(ports.audit().verify()).isEqualTo(new AuditVerification.Intact(threads * each));
        assertThat(ports.audit().head().seq()).isEqualTo(threads * each);
    }

    @Test
    void theAuditLogRefusesChangesAndVerificationFindsThemWhenTheTriggerIsDropped() throws Exception {
        fixture();
        for (int i = 0; i < 5; i++) {
            ports.audit().append(new AuditEvent("admin", AuditAction.ADMIN_ACCESS, "cus_" + i, "read " + i), Instant.now());
        }
        assertThat(ports.audit().verify()).isEqualTo(new AuditVerification.Intact(5));
        try (Connection c = opened.database().dataSource().getConnection(); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_log SET details = 'nothing' WHERE seq = 3")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log WHERE seq = 2")).isInstanceOf(SQLException.class);
            if (opened.schema().isPresent()) st.execute("DROP TRIGGER audit_log_no_change ON audit_log");
            else st.execute("DROP TRIGGER audit_log_no_update");
            st.executeUpdate("UPDATE audit_log SET details = 'nothing' WHERE seq = 3");
        }
        assertThat(ports.audit().verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(3));
    }
}
