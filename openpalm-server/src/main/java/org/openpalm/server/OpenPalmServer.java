package org.openpalm.server;

import io.javalin.Javalin;
import java.util.Optional;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.network.InProcessNetwork;
import org.openpalm.payments.service.LedgerAudit;
import org.openpalm.payments.service.Storage;
import org.openpalm.store.Database;

/** A running server: its port, its parts (for tests and the CLI), and one close for all. */
public final class OpenPalmServer implements AutoCloseable {
    private final Javalin app;
    private final int adminPort;
    private final Database database;
    private final Storage storage;
    private final Optional<InProcessNetwork> network;
    private final PalmIdentifier identifier;
    private final Runnable onClose;

    OpenPalmServer(Javalin app, int adminPort, Database database, Storage storage, Optional<InProcessNetwork> network,
            PalmIdentifier identifier, Runnable onClose) {
        this.app = app;
        this.adminPort = adminPort;
        this.database = database;
        this.storage = storage;
        this.network = network;
        this.identifier = identifier;
        this.onClose = onClose;
    }

    public int port() {
        return app.port();
    }

    /** The admin API's own listener ({@code admin.port}; {@code /admin/} calls are answered there only). */
    public int adminPort() {
        return adminPort;
    }

    /** The HTTP routes this server answers, as {@code "GET /v1/payments/{id}"}: what openapi.yaml must describe. */
    public java.util.SortedSet<String> httpRoutes() {
        java.util.SortedSet<String> routes = new java.util.TreeSet<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod()) routes.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
        }
        return routes;
    }

    public Storage storage() {
        return storage;
    }

    public Database database() {
        return database;
    }

    /**
     * The in-process card network behind this server.
     *
     * @throws IllegalStateException when the server talks to an ISO 8583 network ({@code network.port} set)
     */
    public InProcessNetwork network() {
        return network.orElseThrow(() -> new IllegalStateException("this server uses the ISO 8583 card network, not the in-process one"));
    }

    /** Whether the card network is the in-process double (no {@code network.port} configured). */
    public boolean usesInProcessNetwork() {
        return network.isPresent();
    }

    /** Enrolments held by the identifier (loaded at start-up, kept in sync since). */
    public int enrolledPalms() {
        return identifier.size();
    }

    public LedgerAudit ledgerAudit() {
        return new LedgerAudit(storage, Optional.of(org.openpalm.store.JdbcLoyaltyStore.over(storage)));
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                onClose.run();
            } finally {
                database.close();
            }
        }
    }
}
