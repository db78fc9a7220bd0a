package org.openpalm.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.openpalm.cli.cluster.RoundRobinProxy;
import org.openpalm.cluster.ClusterConfig;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.HttpSettings;
import org.openpalm.server.Main;
import org.openpalm.server.OpenPalmServer;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code openpalm cluster --nodes N}: N servers on one PostgreSQL, one clustered gallery, a round-robin front. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Runs N payment servers on one PostgreSQL database with the gallery as a Hazelcast cluster",
                "(members 127.0.0.1:<cluster-port>..), behind a small round-robin HTTP front of ours on http.port;",
                "prints the URLs. The configuration is serve's (--config, OPENPALM_*), db.url must name PostgreSQL.",
                "All servers run in this process; each has its own cluster member, HTTP and admin ports."})
public final class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "servers (default 3)")
    int nodes;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file, as for serve")
    Path config;

    @Option(names = "--cluster-port", defaultValue = "5701", description = "the first member's cluster port (default 5701)")
    int clusterPort;

    @Override
    public Integer call() throws Exception {
        ServerConfig base = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
        var refusal = base.portal().refusalToServe();
        String problem = refusal.orElse(nodes < 1 ? "--nodes must be at least 1"
                : base.database().isEmpty() || !base.effectiveDatabase().isPostgres()
                        ? "the servers share one PostgreSQL database: set db.url=jdbc:postgresql://... (OPENPALM_DB_URL)" : "");
        if (!problem.isEmpty()) {
            spec.commandLine().getErr().println("openpalm cluster: " + problem);
            spec.commandLine().getErr().flush();
            return 2;
        }
        // The schema and the template keys exist before the servers start side by side.
        try (Database migrated = Database.open(base.effectiveDatabase())) {
            base.openKeys();
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < nodes; i++) members.add("127.0.0.1:" + (clusterPort + i));
        HttpSettings h = base.http();
        ServerConfig each = base.withHttp(new HttpSettings(h.host(), 0, h.maxRequestBytes(), h.tls(), h.trustedProxies(),
                new HttpSettings.AdminListener(h.admin().host(), 0, h.admin().requestsPerMinute())));
        List<CompletableFuture<OpenPalmServer>> starting = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ClusterConfig member = ClusterConfig.of("127.0.0.1", clusterPort + i, members);
            // A thread each: a server waits for a majority of the members before it returns.
            starting.add(CompletableFuture.supplyAsync(() -> Main.start(each, Main.codeSender(each.portal()), Optional.of(member)),
                    task -> Thread.ofPlatform().start(task)));
        }
        List<OpenPalmServer> servers = new ArrayList<>();
        for (CompletableFuture<OpenPalmServer> s : starting) servers.add(s.join());
        List<URI> backends = servers.stream().map(s -> URI.create("http://127.0.0.1:" + s.port() + "/")).toList();
        RoundRobinProxy front = RoundRobinProxy.start(h.host(), h.port(), backends);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            front.close();
            servers.forEach(OpenPalmServer::close);
            stopped.countDown();
        }, "openpalm-cluster-shutdown"));
        System.out.println("OpenPalm cluster of " + nodes + " servers, one gallery (" + servers.getFirst().enrolledPalms() + " palms)");
        System.out.println("  front (round robin): http://" + h.host() + ":" + front.port() + "/");
        for (int i = 0; i < servers.size(); i++) {
            System.out.println("  server " + (i + 1) + ": http://127.0.0.1:" + servers.get(i).port() + "/  admin API port "
                    + servers.get(i).adminPort() + "  cluster member " + members.get(i));
        }
        System.out.println("Ctrl-C stops all.");
        stopped.await();
        return 0;
    }
}
