package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.cli.demo.DemoClient;
import org.openpalm.cli.demo.DemoEnvironment;
import org.openpalm.cli.demo.DemoState;
import org.openpalm.cli.demo.SampleCaptures;
import picocli.CommandLine;

/** The one-command demo, run for real: simulator, server on H2 in a temp directory, seeding through the HTTP API. */
class DemoCommandTest {
    private record Run(int exit, String out) {}

    private static Run demo(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return new Run(cli.execute(args), out.toString());
    }

    private static String[] args(Path dir, String... extra) {
        String[] base = {"demo", "--dir", dir.toString(), "--synthetic", "--port", "0", "--customers", "3", "--crowd", "4",
            "--exit-after-seed"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void seedsThroughTheApiCustomersPayStrangersAreRefusedASecondRunReusesAndResetSeedsAgain(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo");

        Run first = demo(args(dir));
        assertThat(first.exit()).as(first.out()).isZero();
        DemoState seeded = DemoState.load(dir).orElseThrow();
        assertThat(first.out()).contains("Seeded new demo data", seeded.merchantId(), seeded.apiKey(),
                "reader.html#terminal=" + seeded.reader().terminalId() + "&key=",
                "kiosk.html#terminal=" + seeded.kiosk().terminalId() + "&key=",
                "dashboard.html", "portal.html", "enrol.html", "admin.html", "admin token: ");
        assertThat(seeded.customers()).extracting(DemoState.DemoCustomer::name).containsExactly("alice", "bob", "carol");
        // issue 17: a loyalty programme, a gate and an age-checked customer
        assertThat(first.out()).contains("Demo Coffee Club", "reader.html?mode=gate#terminal=", "reader.html?mode=age18#terminal=",
                "alice is a member", "bob is age-checked");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("gate.key")))).isEqualTo("rw-------");
        assertThat(seeded.crowd()).isBetween(3, 4);
        for (String key : new String[] {"reader.key", "kiosk.key", "demo.properties"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).as(key).isEqualTo("rw-------");
        }
        Path captures = dir.resolve("captures");
        assertThat(captures.resolve("README.txt")).content().contains("alice-left-pays.png", "stranger-declined.png", "blurred-retry.png",
                "CVV2 " + org.openpalm.cli.demo.DemoCards.number(seeded.cards() - 1).substring(13));
        for (String file : new String[] {"alice-left-pays.png", "bob-left-pays.png", "carol-left-pays.png", SampleCaptures.STRANGER, SampleCaptures.BLURRED}) {
            assertThat(captures.resolve(file)).isRegularFile();
        }

        // Second run without --reset: same data, and it works through the API.
        var settings = new DemoEnvironment.Settings(dir, captures, true, false, 0, 3, 4, 2026, java.util.Optional.empty());
        try (DemoEnvironment demo = DemoEnvironment.start(settings, DemoEnvironment.DemoConfig.DEFAULT,
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            assertThat(demo.reused()).isTrue();
            assertThat(demo.state().merchantId()).isEqualTo(seeded.merchantId());
            assertThat(demo.enrolledPalms()).isEqualTo(3 + seeded.crowd());
            DemoClient api = demo.client();
            assertThat(api.get("/health", null).status()).isEqualTo(200);
            // the operator sees the merchant with its store and both terminals; the merchant sees its terminals
            var merchant = api.get("/admin/v1/merchants/" + seeded.merchantId(), demo.adminToken());
            assertThat(merchant.status()).as(merchant.json().toString()).isEqualTo(200);
            assertThat(merchant.json().path("stores").findValuesAsText("store_id")).containsExactly(seeded.storeId());
            String gate = demo.memberships().gate().terminalId();
            assertThat(merchant.json().path("terminals").findValuesAsText("terminal_id"))
                    .containsExactlyInAnyOrder(seeded.reader().terminalId(), seeded.kiosk().terminalId(), gate);
            assertThat(api.get("/v1/terminals", seeded.apiKey()).json().path("terminals").findValuesAsText("terminal_id"))
                    .containsExactlyInAnyOrder(seeded.reader().terminalId(), seeded.kiosk().terminalId(), gate);
            // the loyalty programme, the member at the gate and the age-checked adult
            assertThat(api.get("/v1/loyalty/programme", seeded.apiKey()).text("name")).isEqualTo("Demo Coffee Club");
            var members = api.get("/v1/loyalty/members", seeded.apiKey()).json().path("members");
            assertThat(members.findValuesAsText("display_name")).containsExactly("Alice");

            for (DemoState.DemoCustomer customer : seeded.customers()) {
                var paid = api.payByPalm(seeded.apiKey(), seeded.reader(), 1250, "EUR",
                        Files.readAllBytes(captures.resolve(SampleCaptures.paying(customer.name()))));
                assertThat(paid.status()).as(paid.json().toString()).isEqualTo(200);
                assertThat(paid.text("result")).as(customer.name() + ": " + paid.json()).isEqualTo("AUTHORISED");
                assertThat(paid.json().path("payment").path("customer_id").asText()).isEqualTo(customer.customerId());
                // The merchant sees the payment authorised through its API key.
                String paymentId = paid.json().path("payment").path("id").asText();
                var payment = api.get("/v1/payments/" + paymentId, seeded.apiKey());
                assertThat(payment.text("status")).isEqualTo("AUTHORISED");
                assertThat(payment.json().path("amount").path("minor").asLong()).isEqualTo(1250);
            }

            var stranger = api.payByPalm(seeded.apiKey(), seeded.reader(), 500, "EUR", Files.readAllBytes(captures.resolve(SampleCaptures.STRANGER)));
            assertThat(stranger.text("result")).as(stranger.json().toString()).isEqualTo("NOT_RECOGNISED");
            assertThat(stranger.json().path("payment").path("customer_id").textValue()).as("nobody is charged").isNull();
            var blurred = api.payByPalm(seeded.apiKey(), seeded.reader(), 500, "EUR", Files.readAllBytes(captures.resolve(SampleCaptures.BLURRED)));
            assertThat(blurred.text("result")).as(blurred.json().toString()).isEqualTo("NOT_RECOGNISED");

            // The kiosk terminal is live, and alice is enrolled: enrolling her phone again is refused.
            var again = demo.enrolAtKiosk(seeded.customers().getFirst().phone(), seeded.cards() - 1,
                    java.util.List.of(org.openpalm.biometrics.SyntheticPalms.withSeed(77).capture(1, 1, 1)));
            assertThat(again.status()).as(again.json().toString()).isEqualTo(409);
            assertThat(again.text("type")).endsWith("phone-registered");
        }

        Run reset = demo(args(dir, "--reset"));
        assertThat(reset.exit()).as(reset.out()).isZero();
        assertThat(reset.out()).contains("Seeded new demo data");
        assertThat(DemoState.load(dir).orElseThrow().merchantId()).isNotEqualTo(seeded.merchantId());
    }

    @Test
    void withTheTongjiDatasetEveryDemoCustomerPaysWithAnotherDaysCaptureAndTheStrangerDoesNot(@TempDir Path tmp) throws Exception {
        java.util.Optional<Path> root = java.util.Optional.ofNullable(System.getProperty("openpalm.datasets")).map(Path::of);
        java.util.Optional<Path> dataset = org.openpalm.cli.demo.DemoPalms.findDataset(root);
        if (dataset.isEmpty()) {
            System.out.println("SKIPPED: tongji-roi not found under $OPENPALM_DATASETS or ../shared/datasets");
            org.junit.jupiter.api.Assumptions.abort("tongji-roi dataset absent");
        }
        var settings = new DemoEnvironment.Settings(tmp.resolve("demo"), tmp.resolve("captures"), false, false, 0, 6, 0, 2026, root);
        try (DemoEnvironment demo = DemoEnvironment.start(settings, DemoEnvironment.DemoConfig.DEFAULT,
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            DemoState s = demo.state();
            assertThat(s.palmSource()).isEqualTo(dataset.get().toAbsolutePath().normalize().toString());
            DemoClient api = demo.client();
            for (DemoState.DemoCustomer customer : s.customers()) {
                var paid = api.payByPalm(s.apiKey(), s.reader(), 700, "EUR",
                        Files.readAllBytes(tmp.resolve("captures").resolve(SampleCaptures.paying(customer.name()))));
                assertThat(paid.text("result")).as(customer.name() + ": " + paid.json()).isEqualTo("AUTHORISED");
                assertThat(paid.json().path("payment").path("customer_id").asText()).isEqualTo(customer.customerId());
            }
            var stranger = api.payByPalm(s.apiKey(), s.reader(), 700, "EUR",
                    Files.readAllBytes(tmp.resolve("captures").resolve(SampleCaptures.STRANGER)));
            assertThat(stranger.text("result")).as(stranger.json().toString()).isEqualTo("NOT_RECOGNISED");
        }
    }

    @Test
    void aBusyPortIsAClearErrorNotAStackTrace(@TempDir Path tmp) throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new OpenPalmCommand());
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute("demo", "--dir", tmp.resolve("d").toString(), "--synthetic", "--customers", "1", "--crowd", "0",
                    "--port", String.valueOf(busy.getLocalPort()), "--exit-after-seed");
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("port " + busy.getLocalPort() + " is in use", "--port").doesNotContain("Exception");
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--dir", tmp.resolve("d").toString(), "--customers", "9", "--exit-after-seed")).isEqualTo(2);
        assertThat(err.toString()).contains("customers must be 1 to 8");
        assertThat(tmp.resolve("d")).doesNotExist();
    }
}
