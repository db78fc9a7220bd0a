package org.openpalm.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openpalm serve}: runs the payment server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the OpenPalm payment server (HTTP API, metrics).",
                "Configuration: the --config properties file, then OPENPALM_* environment variables",
                "(e.g. OPENPALM_HTTP_PORT, OPENPALM_DB_URL). Without a database URL an embedded H2",
                "database is kept under ./.openpalm/. The card network is the in-process double unless",
                "network.port (OPENPALM_NETWORK_PORT) names an ISO 8583 network, e.g. ./openpalm network-sim --port 9583."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (keys: http.port, db.url, db.user, db.password, ...)")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        OpenPalmServer server = Main.start(ConfigLoader.load(Optional.ofNullable(config), System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "openpalm-shutdown"));
        System.out.println("OpenPalm serving on port " + server.port() + " (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
