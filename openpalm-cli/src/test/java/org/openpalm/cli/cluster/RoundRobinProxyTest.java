package org.openpalm.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front of `openpalm cluster`: requests go round the servers, bodies and headers both ways, a dead server skipped. */
class RoundRobinProxyTest {
    private final List<HttpServer> backends = new ArrayList<>();

    @AfterEach
    void stop() {
        backends.forEach(b -> b.stop(0));
    }

    private URI backend(String name) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.createContext("/", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            byte[] out = (name + " " + ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("X-Test")
                    + " " + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("X-Served-By", name);
            ex.sendResponseHeaders(201, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        s.start();
        backends.add(s);
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/");
    }

    private static URI dead() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + free.getLocalPort() + "/");
        }
    }

    @Test
    void requestsGoRoundTheServersAndADeadOneIsSkipped() throws Exception {
        try (RoundRobinProxy proxy = RoundRobinProxy.start("127.0.0.1", 0, List.of(backend("a"), dead(), backend("b")))) {
            HttpClient client = HttpClient.newHttpClient();
            List<String> servedBy = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/v1/things?x=" + i))
                        .header("X-Test", "t" + i).POST(HttpRequest.BodyPublishers.ofString("body" + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(201);
                String name = r.headers().firstValue("X-Served-By").orElseThrow();
                assertThat(r.body()).isEqualTo(name + " POST /v1/things?x=" + i + " t" + i + " body" + i);
                servedBy.add(name);
            }
            assertThat(servedBy).contains("a", "b");
            assertThat(servedBy.stream().filter("a"::equals).count()).isBetween(2L, 4L);
        }
    }

    @Test
    void withNoServerUpTheFrontAnswersBadGateway() throws Exception {
        try (RoundRobinProxy proxy = RoundRobinProxy.start("127.0.0.1", 0, List.of(dead()))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("no server of the cluster answered");
        }
    }
}
