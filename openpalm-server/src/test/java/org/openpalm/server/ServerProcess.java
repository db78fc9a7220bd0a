package org.openpalm.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A payment server as its own JVM ({@code org.openpalm.server.Main FILE}, what {@code openpalm
 * serve --config FILE} runs), on this JVM's class path: started, SIGKILLed as a crash would kill
 * it, and started again on the same configuration. Each start writes its output to its own log,
 * {@code <logDir>/server-<name>-<generation>.log}; the one-time codes the server sends to phones
 * (the default log sender) are read back from those logs ({@link #enrolmentCodeFromLogs}).
 *
 * <p>For the fault benchmarks (crash, cluster) and the tests of servers in processes.
 */
public final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String LOG_PREFIX = "server-";

    private final Path configFile;
    private final Path logDir;
    private final String name;
    private final List<String> jvmOptions;
    private Process process;
    private int generation;

    /** {@code jvmOptions}: e.g. {@code -Xmx1g}; nothing runs until {@link #start}. */
    public ServerProcess(Path configFile, Path logDir, String name, List<String> jvmOptions) {
        this.configFile = configFile;
        this.logDir = logDir;
        this.name = name;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Starts the server (again, after a kill or a stop). */
    public synchronized void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException("server " + name + " is running");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), configFile.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(currentLog(generation++).toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start server " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful close; returns once the process is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the server closes gracefully (leaves its cluster, releases an embedded database). */
    public synchronized void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        process.waitFor();
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts so far (1 after the first start). */
    public synchronized int starts() {
        return generation;
    }

    /**
     * Waits until the server answers {@code /ready} with 200 on {@code port}; fails at once, with
     * the end of its log, when the process exits first (a server that refused to start).
     */
    public void awaitReady(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(port)) {
            Process p;
            int started;
            synchronized (this) {
                p = process;
                started = generation;
            }
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("server " + name + " exited before it was ready:\n" + logTail(started - 1, 40));
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("server " + name + " was not ready within " + timeout);
            Thread.sleep(200);
        }
    }

    /** Whether a server answers {@code /ready} with 200 on {@code port} of 127.0.0.1. */
    public static boolean ready(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of the log of start {@code generation} (0 for the first). */
    public String logTail(int generation, int lines) {
        try {
            List<String> all = Files.readAllLines(currentLog(generation), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Path currentLog(int generation) {
        return logDir.resolve(LOG_PREFIX + name + "-" + generation + ".log");
    }

    /**
     * The latest enrolment code sent to {@code phone} (E.164) in any server log in {@code logDir}:
     * the enrolment may be served by another server than the phone check. Waits up to 5 s for the
     * line to be flushed.
     */
    public static String enrolmentCodeFromLogs(Path logDir, String phone) {
        String last4 = phone.substring(phone.length() - 4);
        Pattern line = Pattern.compile("enrolment code for the phone ending " + last4 + ": ([0-9]{6})");
        for (int attempt = 0; attempt < 50; attempt++) {
            String found = null;
            long newest = Long.MIN_VALUE;
            try (Stream<Path> logs = Files.list(logDir)) {
                for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(LOG_PREFIX)).toList()) {
                    // the newest line across logs: read each log's last match with the log's modification time
                    String lastInLog = null;
                    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                        Matcher m = line.matcher(l);
                        if (m.find()) lastInLog = m.group(1);
                    }
                    long modified = Files.getLastModifiedTime(log).toMillis();
                    if (lastInLog != null && modified >= newest) {
                        found = lastInLog;
                        newest = modified;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (found != null) return found;
            try {
                Thread.sleep(100); // the log line may not be flushed yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no enrolment code in the server logs for the phone ending " + last4);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
