package org.openpalm.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code openpalm serve}: runs the payment server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the OpenPalm payment server (HTTP API, metrics).",
                "Configuration: the --config properties file, then OPENPALM_* environment variables",
                "(e.g. OPENPALM_HTTP_PORT, OPENPALM_DB_URL). Without a database URL an embedded H2",
                "database is kept under ./.openpalm/. The card network is the in-process double unless",
                "network.port (OPENPALM_NETWORK_PORT) names an ISO 8583 network, e.g. ./openpalm network-sim --port 9583.",
                "portal.codeSender must be set: http (an SMS gateway at portal.codeSenderUrl) or log (codes in the log).",
                "The admin API listens on its own port (admin.host 127.0.0.1, admin.port 8081)."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file (keys: http.port, db.url, db.user, db.password, ...)")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
        var refusal = settings.portal().refusalToServe();
        if (refusal.isPresent()) {
            spec.commandLine().getErr().println("openpalm serve: " + refusal.get());
            spec.commandLine().getErr().flush();
            return 2;
        }
        // cluster.members set: this server is one member of a clustered gallery (see README, "Several servers").
        OpenPalmServer server = Main.start(settings, Main.codeSender(settings.portal()), ConfigLoader.cluster(Optional.ofNullable(config), System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "openpalm-shutdown"));
        System.out.println("OpenPalm serving on port " + server.port() + ", admin API on port " + server.adminPort() + " (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
