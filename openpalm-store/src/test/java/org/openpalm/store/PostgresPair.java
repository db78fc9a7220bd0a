package org.openpalm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL pair for tests and benchmarks, made with Debian's PostgreSQL tools as the
 * postgres user on free high ports: a primary with {@code synchronous_standby_names} and
 * {@code synchronous_commit = on}, and a standby made with {@code pg_basebackup -R} streaming from
 * it, so that a commit is acknowledged only once the standby has it. {@link #killPrimary()} stops
 * the primary with {@code -m immediate} (as a crash would); {@link #promoteStandby()} runs
 * {@code pg_promote()} on the standby. Everything lives in a temporary folder removed by {@link #close()}.
 */
public final class PostgresPair implements AutoCloseable {
    /** The name the primary waits for in {@code synchronous_standby_names}. */
    public static final String STANDBY_NAME = "openpalm_standby";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path dir;
    private final int primaryPort;
    private final int standbyPort;
    private final List<Path> running = new ArrayList<>();

    private PostgresPair(Path bin, Path dir, int primaryPort, int standbyPort) {
        this.bin = bin;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /** The newest installed PostgreSQL's programs, if any ({@code /usr/lib/postgresql/<version>/bin}). */
    public static Optional<Path> tools() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a pair can be made here: the tools are installed and we are root (to act as postgres) or postgres. */
    public static boolean available() {
        String user = System.getProperty("user.name");
        return tools().isPresent() && (user.equals("root") || user.equals("postgres"));
    }

    /** Makes and starts the pair; returns once the standby is streaming synchronously. */
    public static PostgresPair start() {
        Path bin = tools().orElseThrow(() -> new IllegalStateException("no PostgreSQL tools under /usr/lib/postgresql"));
        try {
            Path dir = Files.createTempDirectory("openpalm-pg-pair");
            giveToPostgres(dir);
            PostgresPair pair = new PostgresPair(bin, dir, freePort(), freePort());
            try {
                pair.makePrimary();
                pair.makeStandby();
                pair.awaitSynchronousStandby();
                return pair;
            } catch (RuntimeException | Error e) {
                pair.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The multi-host URL a server uses: whichever of the two is the primary. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort
                + "/postgres?targetServerType=primary&connectTimeout=2&socketTimeout=30";
    }

    /** The URL of the standby alone (read-only reports, checks). */
    public String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres?connectTimeout=2";
    }

    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?connectTimeout=2";
    }

    public DatabaseConfig databaseConfig(int maxPoolSize) {
        return new DatabaseConfig(jdbcUrl(), "postgres", "", Optional.empty(), maxPoolSize, 5_000);
    }

    /** Stops the primary as a crash would: {@code pg_ctl stop -m immediate}, no shutdown checkpoint. */
    public void killPrimary() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("primary").toString(), "stop", "-m", "immediate"));
        running.remove(dir.resolve("primary"));
    }

    /**
     * Promotes the standby ({@code SELECT pg_promote()}, waiting up to 60 s) and returns once it
     * accepts writes. The new primary inherited {@code synchronous_standby_names} from the old one
     * and has no standby of its own yet, so every commit would wait forever: it runs alone
     * (asynchronous) until a new standby is attached, as Patroni's synchronous mode does when no
     * synchronous candidate is left.
     */
    public void promoteStandby() {
        try (Connection c = DriverManager.getConnection(standbyUrl(), "postgres", ""); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT pg_promote(true, 60)")) {
                if (!rs.next() || !rs.getBoolean(1)) throw new IllegalStateException("pg_promote() did not promote the standby");
            }
            st.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot promote the standby: " + e.getMessage(), e);
        }
    }

    /** Rows of a query's first column on the standby (or the promoted standby), as text. */
    public List<String> queryStandby(String sql) {
        try (Connection c = DriverManager.getConnection(standbyUrl(), "postgres", ""); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) rows.add(rs.getString(1));
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Path data : List.copyOf(running)) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "stop", "-m", "immediate"));
            } catch (RuntimeException e) {
                // already down
            }
        }
        running.clear();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: left for the system to clean
        }
    }

    private void makePrimary() throws IOException {
        Path data = dir.resolve("primary");
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"));
        // A commit waits until the standby has written it (synchronous_commit on): a payment the
        // shopper saw approved is on two servers. pg_hba from initdb --auth=trust already lets
        // local replication connections in.
        append(data.resolve("postgresql.conf"), String.join("\n",
                "port = " + primaryPort,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dir + "'",
                "wal_level = replica",
                "max_wal_senders = 5",
                "max_connections = 60",
                "synchronous_standby_names = '" + STANDBY_NAME + "'",
                "synchronous_commit = on",
                "hot_standby = on",
                ""));
        start(data);
    }

    private void makeStandby() throws IOException {
        Path data = dir.resolve("standby");
        run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres",
                "-D", data.toString(), "-R", "-X", "stream", "--no-sync"));
        // pg_basebackup -R wrote standby.signal and a primary_conninfo; the later line wins, naming the standby for the primary.
        append(data.resolve("postgresql.auto.conf"), String.join("\n",
                "port = " + standbyPort,
                "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres application_name=" + STANDBY_NAME + "'",
                ""));
        start(data);
    }

    private void awaitSynchronousStandby() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(primaryUrl(), "postgres", "");
                 var st = c.createStatement();
                 var rs = st.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE application_name = '" + STANDBY_NAME + "'")) {
                if (rs.next() && rs.getString(1).equals("sync")) return;
            } catch (SQLException e) {
                // not up yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("the standby did not become a synchronous standby within " + START_TIMEOUT.toSeconds() + " s; see "
                + dir.resolve("standby.log"));
    }

    private void start(Path data) {
        Path log = dir.resolve(data.getFileName() + ".log");
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "start"));
        running.add(data);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n" + text);
    }

    /** Runs a PostgreSQL program as the postgres user (through runuser when we are root). */
    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (System.getProperty("user.name").equals("root")) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void giveToPostgres(Path folder) throws IOException {
        if (!System.getProperty("user.name").equals("root")) return;
        UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres = lookup.lookupPrincipalByName("postgres");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        view.setOwner(postgres);
        view.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
