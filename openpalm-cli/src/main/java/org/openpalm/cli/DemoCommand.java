package org.openpalm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openpalm.cli.demo.DemoEnvironment;
import org.openpalm.cli.demo.DemoState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openpalm demo}: the whole platform on one machine. Starts the card network simulator and
 * the payment server, seeds a merchant, a store, a reader and a kiosk terminal and enrolled
 * customers through the HTTP API (or reuses what an earlier run seeded), writes sample captures,
 * prints the page URLs, and runs until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs the whole OpenPalm platform on this machine: the card network",
            "simulator, the payment server, a demo merchant with a reader and a kiosk",
            "terminal, and customers enrolled by palm (the Tongji palms when the",
            "datasets are present, synthetic palms otherwise). Prints the URLs of the",
            "reader, kiosk, dashboard, portal and admin pages and writes sample",
            "captures to try at the reader. A second run reuses the demo data;",
            "--reset starts from scratch. Ctrl-C stops it."
        })
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "demo data directory (default ${DEFAULT-VALUE})")
    Path directory = Path.of(".openpalm", "demo");

    @Option(names = "--out", paramLabel = "DIR", description = "where the sample captures are written (default DIR/captures)")
    Path out;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port of the server (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port = 8080;

    @Option(names = "--reset", description = "delete the demo data directory first and seed new demo data")
    boolean reset;

    @Option(names = "--synthetic", description = "use synthetic palms even when the datasets are present")
    boolean syntheticOnly;

    @Option(names = "--datasets", paramLabel = "DIR",
            description = "folder holding tongji-roi (default: $OPENPALM_DATASETS, else ../shared/datasets)")
    Path datasets;

    @Option(names = "--customers", paramLabel = "N", description = "named demo customers, 1 to 8 (default ${DEFAULT-VALUE})")
    int customers = 6;

    @Option(names = "--crowd", paramLabel = "N",
            description = "other customers enrolled with synthetic palms, so each payment searches a crowd (default ${DEFAULT-VALUE})")
    int crowd = 50;

    @Option(names = "--seed", paramLabel = "S", description = "synthetic palm seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = {"--exit-after-seed", "--no-browser-wait"},
            description = "stop after seeding and printing the URLs instead of serving until Ctrl-C")
    boolean exitAfterSeed;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoEnvironment.Settings settings;
        try {
            settings = new DemoEnvironment.Settings(directory, out == null ? directory.resolve("captures") : out, syntheticOnly, reset,
                    port, customers, crowd, seed, java.util.Optional.ofNullable(datasets));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        console.println("OpenPalm demo: starting the card network simulator and the payment server...");
        console.flush();
        DemoEnvironment demo;
        try {
            demo = DemoEnvironment.start(settings, DemoEnvironment.DemoConfig.DEFAULT, console, err);
        } catch (RuntimeException e) {
            if (!causedByBindFailure(e)) throw e;
            err.printf(Locale.ROOT, "openpalm demo: port %d is in use; choose another with --port (0 picks a free one)%n", port);
            err.flush();
            return 1;
        }
        try {
            printWelcome(console, demo);
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        if (exitAfterSeed) {
            demo.close();
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM or a JVM exit: the hook closes the server and the simulator before the JVM ends.
        Thread closer = new Thread(() -> {
            demo.close();
            stop.countDown();
        }, "openpalm-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);
        trapInterrupt(stop);
        console.println("Serving. Ctrl-C stops the demo.");
        console.flush();
        stop.await();
        try {
            // Woken by Ctrl-C: close here and exit 0. (Woken by the hook: it closed already, and removing it throws.)
            if (Runtime.getRuntime().removeShutdownHook(closer)) demo.close();
        } catch (IllegalStateException shuttingDown) {
            // the hook is closing everything
        }
        console.println("OpenPalm demo stopped.");
        console.flush();
        return 0;
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) return true;
        }
        return false;
    }

    /**
     * Ctrl-C ends the wait rather than exiting with the JVM's status 130, so the demo closes
     * everything itself and exits 0. Where SIGINT cannot be handled the shutdown hook still closes.
     */
    private static void trapInterrupt(CountDownLatch stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.countDown());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError noSignals) {
            // the shutdown hook alone stops the demo
        }
    }

    private static void printWelcome(PrintWriter console, DemoEnvironment demo) {
        DemoState s = demo.state();
        console.println();
        console.println(demo.reused()
                ? "Reusing the demo data in this directory (--reset starts from scratch)."
                : "Seeded new demo data.");
        console.printf(Locale.ROOT, "  palms:     %s%n", s.palmSource());
        console.printf(Locale.ROOT, "  merchant:  %s (\"OpenPalm Demo Cafe\"), store %s%n", s.merchantId(), s.storeId());
        console.printf(Locale.ROOT, "  customers: %d named + %d crowd = %d enrolled palms%n", s.customers().size(), s.crowd(),
                demo.enrolledPalms());
        for (DemoState.DemoCustomer c : s.customers()) {
            console.printf(Locale.ROOT, "             %-6s phone %s  customer %s%n", c.name(), c.phone(), c.customerId());
        }
        console.println();
        console.println("Open in a browser:");
        console.printf(Locale.ROOT, "  reader (pay):     %s%n", demo.terminalPage("reader.html", s.reader()));
        console.printf(Locale.ROOT, "  kiosk (enrol):    %s%n", demo.terminalPage("kiosk.html", s.kiosk()));
        console.printf(Locale.ROOT, "  phone (pre-enrol): %senrol.html   on the shopper's phone; the code to the phone is printed in this console;"
                + " the first palm payment at the reader asks for the phone's last 4 digits and confirms it%n", demo.baseUri());
        console.printf(Locale.ROOT, "  dashboard:        %sdashboard.html   merchant API key: %s%n", demo.baseUri(), s.apiKey());
        console.printf(Locale.ROOT, "  customer portal:  %sportal.html   sign in with a customer's phone; the one-time code is printed"
                + " in this console%n", demo.baseUri());
        console.printf(Locale.ROOT, "  admin:            %sadmin.html   admin token: %s (the admin API's own listener)%n", demo.adminUri(),
                demo.adminToken());
        console.printf(Locale.ROOT, "  API description:  %sopenapi.yaml%n", demo.baseUri());
        var m = demo.memberships();
        console.printf(Locale.ROOT, "  gate (entry):     %s   %s is a member of \"%s\" and enters%n", demo.terminalPage("reader.html?mode=gate", m.gate()),
                m.memberName(), m.programme());
        console.printf(Locale.ROOT, "  age check 18+:    %s   %s is age-checked (attested at the kiosk)%n",
                demo.terminalPage("reader.html?mode=age18", s.reader()), m.adultName());
        console.println("  loyalty:          every 10th coffee free, 10 points per euro: send \"items\":[{\"item\":\"coffee\",\"quantity\":1,\"unit_minor\":350}]"
                + " with a payment (see README, Loyalty, age checks and entry)");
        console.println();
        console.printf(Locale.ROOT, "Sample captures to try at the reader: %s (see README.txt there)%n", demo.captures().toAbsolutePath());
        console.printf(Locale.ROOT, "Terminal private keys: %s, %s (mode 600)%n", "reader.key", "kiosk.key");
        console.flush();
    }
}
