package org.openpalm.cli.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small round-robin HTTP front for a local cluster (when no HAProxy is at hand): each request
 * goes to the next server; a server that refuses the connection is skipped (the request never
 * reached it, so trying the next one is safe for any method). Not a production load balancer: no
 * TLS, no health checks beyond that, request and response bodies held in memory.
 */
public final class RoundRobinProxy implements AutoCloseable {
    /** Headers the JDK client sets itself, and hop-by-hop ones. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final List<URI> servers;
    private final HttpServer front;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicInteger next = new AtomicInteger();

    private RoundRobinProxy(HttpServer front, List<URI> servers) {
        this.front = front;
        this.servers = List.copyOf(servers);
    }

    /** Listens on {@code host:port} (0: a free port) and forwards to {@code servers} (base URIs) in turn. */
    public static RoundRobinProxy start(String host, int port, List<URI> servers) throws IOException {
        if (servers.isEmpty()) throw new IllegalArgumentException("at least one server");
        HttpServer front = HttpServer.create(new InetSocketAddress(host, port), 256);
        RoundRobinProxy proxy = new RoundRobinProxy(front, servers);
        front.createContext("/", proxy::forward);
        front.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        front.start();
        return proxy;
    }

    public int port() {
        return front.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int first = Math.floorMod(next.getAndIncrement(), servers.size());
            for (int attempt = 0; attempt < servers.size(); attempt++) {
                URI server = servers.get((first + attempt) % servers.size());
                HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(exchange.getRequestURI().toString()))
                        .timeout(Duration.ofSeconds(60))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                    if (NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
                    for (String v : h.getValue()) request.header(h.getKey(), v);
                }
                HttpResponse<InputStream> response;
                try {
                    response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (ConnectException e) {
                    continue; // that server is down: the request did not reach it
                } catch (HttpTimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
                    String name = h.getKey().toLowerCase(Locale.ROOT);
                    if (NOT_FORWARDED.contains(name) || name.startsWith(":")) continue;
                    exchange.getResponseHeaders().put(h.getKey(), h.getValue());
                }
                try (InputStream in = response.body()) {
                    byte[] out = in.readAllBytes();
                    boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
                    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : (out.length == 0 ? -1 : out.length));
                    if (!noBody && out.length > 0) {
                        try (OutputStream o = exchange.getResponseBody()) {
                            o.write(out);
                        }
                    }
                }
                return;
            }
            byte[] problem = "{\"type\":\"about:blank\",\"title\":\"Bad gateway\",\"status\":502,\"detail\":\"no server of the cluster answered\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(502, problem.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(problem);
            }
        }
    }

    @Override
    public void close() {
        front.stop(0);
    }
}
