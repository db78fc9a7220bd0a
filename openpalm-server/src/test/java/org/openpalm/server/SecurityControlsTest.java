package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openpalm.payments.portal.PortalConfig;
import org.openpalm.payments.service.MerchantService;
import org.openpalm.server.http.AddressRange;
import org.openpalm.server.http.WebhookTargets;

/**
 * The controls of a security review, each against a real server on port 0: security headers on
 * every kind of response, webhook address rules (at registration and at delivery, no redirects),
 * portal sign-in that answers the same whether a phone is enrolled or not, its backoff and daily
 * caps, TLS (HSTS, Secure cookies), trusted and untrusted proxies, and the admin API on its own
 * rate-limited listener.
 *
 * <p>The shared server trusts 127.0.0.2 as a proxy: a client bound to 127.0.0.2 plays the proxy,
 * and its {@code X-Forwarded-For} gives each test a client address of its own.
 */
class SecurityControlsTest {
    private static final InetAddress PROXY = address("127.0.0.2");
    @TempDir
    static Path dataDir;
    static TestServer s;
    static HttpClient viaProxy;
    static TestServer.Merchant shop;

    @BeforeAll
    static void start() {
        viaProxy = HttpClient.newBuilder().localAddress(PROXY).build();
        s = new TestServer(dataDir.resolve("shared"), c -> c
                .withHttp(c.http().withTrustedProxies(List.of(AddressRange.parse("127.0.0.2/32"))))
                .withWebhookTargets(WebhookTargets.Policy.STRICT)
                .withPortal(new PortalSettings(new PortalSettings.CodeSender.Log(true), PortalConfig.DEFAULT)), HttpClient.newHttpClient());
        shop = s.onboard("Security shop");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    // ---- headers ----

    @Test
    void everyKindOfResponseCarriesTheSecurityHeadersAndNoHstsOverPlainHttp() {
        List<TestServer.Response> responses = List.of(
                s.get("/portal.html", null),                       // page
                s.get("/common.js", null),                         // script
                s.get("/health", null),                            // JSON
                s.post("/v1/payments", null, TestServer.key(), "{}"), // problem (401)
                s.post("/portal/v1/sign-in/code", null, TestServer.key(), "{\"phone\":\"x\"}"), // problem (400)
                s.get("/no-such-thing", null),                     // 404
                s.get("/no-such-page.html", null),                 // 404 of the static files
                s.get("/admin/v1/merchants", null),                // admin listener, 401
                TestServer.send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port() + "/admin/v1/merchants"))
                        .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build())); // admin call on the public listener: 404
        assertThat(responses).extracting(TestServer.Response::status).containsExactly(200, 200, 200, 401, 400, 404, 404, 401, 404);
        for (TestServer.Response r : responses) {
            var headers = r.raw().headers();
            String csp = headers.firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(r.raw().uri() + " CSP").contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(r.raw().uri().toString()).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(r.raw().uri().toString()).hasValue("no-referrer");
            assertThat(headers.firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP: " + r.raw().uri()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/index.html", "/reader.html", "/kiosk.html", "/dashboard.html", "/admin.html", "/portal.html", "/insights.html"})
    void pagesNeedNothingThePolicyForbids(String page) {
        String html = s.get(page, null).text();
        // inline scripts, inline styles, style attributes and event-handler attributes would all be blocked by the policy
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContain("<style").doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=").doesNotContain("javascript:");
        for (String asset : html.split("(?=(?:src|href)=\"/)")) {
            if (!asset.startsWith("src=\"/") && !asset.startsWith("href=\"/")) continue;
            String path = asset.substring(asset.indexOf('"') + 1, asset.indexOf('"', asset.indexOf('"') + 1));
            if (path.endsWith(".js") || path.endsWith(".css")) assertThat(s.get(path, null).status()).as(page + " needs " + path).isEqualTo(200);
        }
    }

    @Test
    void theTerminalPagesKeepNoKeyTextInLocalStorage() {
        String common = s.get("/common.js", null).text();
        assertThat(common).contains("indexedDB.open", "importKey(\"pkcs8\"", "false, [\"sign\"]").doesNotContain("localStorage.setItem");
    }

    // ---- webhooks ----

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hooks", "https://127.9.9.9:8443/hooks", "https://10.1.2.3/hooks", "https://172.16.0.1/hooks",
            "https://192.168.1.1/hooks", "https://169.254.169.254/latest/meta-data", "https://224.0.0.1/hooks", "https://[::1]/hooks",
            "https://[fd00::1]/hooks", "https://[fe80::1]/hooks", "https://[::ffff:10.0.0.1]/hooks", "https://0.0.0.0/hooks", "https://localhost/hooks"})
    void webhooksToLoopbackPrivateLinkLocalOrMulticastAddressesAreRefused(String url) {
        TestServer.Response r = s.post("/v1/webhook-endpoints", shop.apiKey(), TestServer.key(), "{\"url\":\"" + url + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(PortalClient.fields(r)).containsExactly("url");
        assertThat(r.json().get("errors").get(0).get("reason").asText()).contains("resolves to", "public addresses only");
    }

    @Test
    void webhookUrlsMustBeHttps() {
        for (String url : List.of("http://example.com/hooks", "ftp://example.com/x", "https://user:pw@example.com/x", "/relative")) {
            TestServer.Response r = s.post("/v1/webhook-endpoints", shop.apiKey(), TestServer.key(), "{\"url\":\"" + url + "\"}");
            assertThat(r.status()).as(url).isEqualTo(400);
            assertThat(PortalClient.fields(r)).containsExactly("url");
        }
        assertThat(s.post("/v1/webhook-endpoints", shop.apiKey(), TestServer.key(), "{\"url\":\"http://example.com/hooks\"}")
                .json().get("errors").get(0).get("reason").asText()).isEqualTo("must be an https URL");
    }

    @Test
    void anAddressIsCheckedAfterResolutionEveryTimeSoANameThatMovesInsideIsRefused() {
        // a name that resolved to a public address at registration and to the metadata address later (DNS rebinding)
        AtomicInteger lookups = new AtomicInteger();
        WebhookTargets targets = new WebhookTargets(WebhookTargets.Policy.STRICT,
                host -> new InetAddress[] {address(lookups.getAndIncrement() == 0 ? "203.0.113.10" : "169.254.169.254")});
        URI url = URI.create("https://hooks.shop.example/openpalm");
        assertThat(targets.check(url)).isInstanceOf(WebhookTargets.Verdict.Allowed.class);
        assertThat(targets.check(url)).isEqualTo(new WebhookTargets.Verdict.Refused("its host hooks.shop.example resolves to 169.254.169.254, "
                + "a private, link-local, multicast or reserved address: webhooks go to public addresses only"));
        // one bad address among several is enough: the client could connect to any of them
        WebhookTargets mixed = new WebhookTargets(WebhookTargets.Policy.STRICT, host -> new InetAddress[] {address("203.0.113.10"), address("10.0.0.7")});
        assertThat(mixed.check(url)).isInstanceOf(WebhookTargets.Verdict.Refused.class);
        // loopback only with the explicit test setting
        WebhookTargets loose = new WebhookTargets(new WebhookTargets.Policy(true, true));
        assertThat(loose.check(URI.create("http://127.0.0.1:9/hooks"))).isInstanceOf(WebhookTargets.Verdict.Allowed.class);
        assertThat(loose.check(URI.create("http://10.0.0.1/hooks"))).isInstanceOf(WebhookTargets.Verdict.Refused.class);
    }

    @Test
    void aStoredEndpointThatNowPointsInsideIsRefusedAtDeliveryWithoutConnecting() throws Exception {
        // the endpoint as stored when its name still resolved outside: delivery checks again and never connects
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, address("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (var socket = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            TestServer.Merchant m = s.onboard("Moved endpoint shop");
            new MerchantService(s.server.storage()).addWebhookEndpoint(new org.openpalm.payments.ids.MerchantId(m.id()),
                    URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/hooks"), java.time.Instant.now());
            PortalClient portal = new PortalClient(s);
            portal.enrol(m, 7150, false);
            assertThat(portal.pay(m, 7150, 700)).isEqualTo("AUTHORISED");
            String error = awaitDeliveryError(s, m.id());
            assertThat(error).contains("address refused", "127.0.0.1", "loopback");
            assertThat(connections.get()).isZero();
        }
    }

    @Test
    void redirectsAreNotFollowed(@TempDir Path dir) throws Exception {
        AtomicInteger hooks = new AtomicInteger();
        AtomicInteger landed = new AtomicInteger();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        int port;
        receiver.createContext("/hooks", exchange -> {
            hooks.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/landing");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.createContext("/landing", exchange -> {
            landed.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        port = receiver.getAddress().getPort();
        // loopback and plain HTTP only with the explicit test settings (the test server's)
        try (TestServer loose = new TestServer(dir)) {
            TestServer.Merchant m = loose.onboard("Redirect shop");
            assertThat(loose.post("/v1/webhook-endpoints", m.apiKey(), TestServer.key(), "{\"url\":\"http://127.0.0.1:" + port + "/hooks\"}").status())
                    .isEqualTo(201);
            PortalClient portal = new PortalClient(loose);
            portal.enrol(m, 7160, false);
            assertThat(portal.pay(m, 7160, 700)).isEqualTo("AUTHORISED");
            assertThat(awaitDeliveryError(loose, m.id())).isEqualTo("HTTP 302");
            assertThat(hooks.get()).isPositive();
            assertThat(landed.get()).isZero();
        } finally {
            receiver.stop(0);
        }
    }

    // ---- portal sign-in ----

    @Test
    void portalAnswersAndWorkDoNotDependOnEnrolment() throws Exception {
        PortalClient portal = new PortalClient(s);
        portal.enrol(shop, 7101, false);
        String enrolled = PortalClient.phone(7101);
        String unknown = PortalClient.phone(7199);

        int codesBefore = pendingCodes();
        TestServer.Response a = proxied("/portal/v1/sign-in/code", "198.51.100.11", "{\"phone\":\"" + enrolled + "\"}", true);
        assertThat(pendingCodes()).as("a pending code stored (hashed, under the phone's keyed hash) for the enrolled phone").isEqualTo(codesBefore + 1);
        TestServer.Response b = proxied("/portal/v1/sign-in/code", "198.51.100.11", "{\"phone\":\"" + unknown + "\"}", true);
        assertSameAnswer(a, b, 202);
        assertThat(pendingCodes()).as("the same work for the unknown phone: one pending code more").isEqualTo(codesBefore + 2);
        String code = PortalClient.codeFromLog(enrolled);
        String wrong = code.equals("000000") ? "111111" : "000000";

        // wrong codes: the same answers, down to the attempts left, then both burnt
        for (int attempt = 1; attempt <= PortalConfig.DEFAULT.maxCodeAttempts(); attempt++) {
            TestServer.Response x = proxied("/portal/v1/sign-in", "198.51.100.11", "{\"phone\":\"" + enrolled + "\",\"code\":\"" + wrong + "\"}", false);
            TestServer.Response y = proxied("/portal/v1/sign-in", "198.51.100.11", "{\"phone\":\"" + unknown + "\",\"code\":\"" + wrong + "\"}", false);
            assertSameAnswer(x, y, attempt < PortalConfig.DEFAULT.maxCodeAttempts() ? 401 : 429);
        }
        // no code waiting: the same answer too
        assertSameAnswer(proxied("/portal/v1/sign-in", "198.51.100.11", "{\"phone\":\"" + enrolled + "\",\"code\":\"" + code + "\"}", false),
                proxied("/portal/v1/sign-in", "198.51.100.11", "{\"phone\":\"" + unknown + "\",\"code\":\"" + code + "\"}", false), 401);
        // asking again at once: both held back by the per-phone backoff, with the same Retry-After
        TestServer.Response c = proxied("/portal/v1/sign-in/code", "198.51.100.11", "{\"phone\":\"" + enrolled + "\"}", true);
        TestServer.Response d = proxied("/portal/v1/sign-in/code", "198.51.100.11", "{\"phone\":\"" + unknown + "\"}", true);
        assertSameAnswer(c, d, 429);
        for (TestServer.Response r : List.of(c, d)) {
            assertThat(Long.parseLong(r.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(25L, 30L);
        }
    }

    @Test
    void backoffPerPhoneAndPerClientWithDailyCaps(@TempDir Path dir) throws Exception {
        try (TestServer own = new TestServer(dir, c -> c.withHttp(c.http().withTrustedProxies(List.of(AddressRange.parse("127.0.0.2/32"))))
                .withPortal(new PortalSettings(new PortalSettings.CodeSender.Log(true), PortalConfig.DEFAULT)), HttpClient.newHttpClient())) {
            String phone = PortalClient.phone(7201);
            // per phone: one at once, the next after 30 s, then 60 s ... (moved back in the database instead of waiting)
            assertThat(proxied(own, "/portal/v1/sign-in/code", "198.51.100.21", "{\"phone\":\"" + phone + "\"}", true).status()).isEqualTo(202);
            TestServer.Response held = proxied(own, "/portal/v1/sign-in/code", "198.51.100.22", "{\"phone\":\"" + phone + "\"}", true);
            assertThat(held.status()).as("another client, the same phone").isEqualTo(429);
            assertThat(held.raw().headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(25L, 30L);
            int sent = 1;
            while (true) {
                ageAttempts(own, 2);
                TestServer.Response r = proxied(own, "/portal/v1/sign-in/code", "198.51.100." + (30 + sent), "{\"phone\":\"" + phone + "\"}", true);
                if (r.status() == 429) {
                    // two hours later no backoff holds it back (an hour at most): this is the daily cap, until the next UTC day
                    assertThat(r.raw().headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 86_400L);
                    break;
                }
                assertThat(r.status()).isEqualTo(202);
                sent++;
                assertThat(sent).as("codes sent to one phone in a day").isLessThanOrEqualTo(PortalConfig.DEFAULT.perPhone().dailyCap());
            }
            assertThat(sent).isEqualTo(PortalConfig.DEFAULT.perPhone().dailyCap());

            // per client: 20 requests for different phones pass, the 21st waits; another client is not held back
            String client = "198.51.100.99";
            for (int i = 0; i < PortalConfig.DEFAULT.perClient().freeAttempts(); i++) {
                assertThat(proxied(own, "/portal/v1/sign-in/code", client, "{\"phone\":\"" + PortalClient.phone(7300 + i) + "\"}", true).status())
                        .isEqualTo(202);
            }
            TestServer.Response slowed = proxied(own, "/portal/v1/sign-in/code", client, "{\"phone\":\"" + PortalClient.phone(7350) + "\"}", true);
            assertThat(slowed.status()).isEqualTo(429);
            assertThat(slowed.raw().headers().firstValue("Retry-After")).hasValue("2");
            // code entries count for the client too
            assertThat(proxied(own, "/portal/v1/sign-in", client, "{\"phone\":\"" + PortalClient.phone(7300) + "\",\"code\":\"123456\"}", false)
                    .json().get("type").asText()).endsWith("/too-many-sign-ins");
            assertThat(proxied(own, "/portal/v1/sign-in/code", "198.51.100.98", "{\"phone\":\"" + PortalClient.phone(7351) + "\"}", true).status())
                    .isEqualTo(202);
            // an untrusted peer's X-Forwarded-For is ignored: changing it does not make a new client
            for (int i = 0; i < PortalConfig.DEFAULT.perClient().freeAttempts(); i++) {
                own.send(HttpRequest.newBuilder(own.uri("/portal/v1/sign-in/code")).header("Content-Type", "application/json")
                        .header("Idempotency-Key", TestServer.key()).header("X-Forwarded-For", "203.0.113." + i)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + PortalClient.phone(7400 + i) + "\"}")).build());
            }
            TestServer.Response spoofed = own.send(HttpRequest.newBuilder(own.uri("/portal/v1/sign-in/code")).header("Content-Type", "application/json")
                    .header("Idempotency-Key", TestServer.key()).header("X-Forwarded-For", "203.0.113.250")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + PortalClient.phone(7450) + "\"}")).build());
            assertThat(spoofed.status()).isEqualTo(429);
            // the daily cap of a client
            try (Connection c = own.server.database().dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("UPDATE portal_attempts SET attempts = " + PortalConfig.DEFAULT.perClient().dailyCap() + ", last_attempt_at = last_attempt_at"
                        + " - INTERVAL '2' HOUR WHERE subject = 'client:198.51.100.98'");
            }
            assertThat(proxied(own, "/portal/v1/sign-in/code", "198.51.100.98", "{\"phone\":\"" + PortalClient.phone(7352) + "\"}", true).status())
                    .isEqualTo(429);
        }
    }

    @Test
    void theHttpCodeSenderDeliversToTheGatewayOnlyForEnrolledPhones(@TempDir Path dir) throws Exception {
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer gateway = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/sms", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                messages.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        gateway.start();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, "portal.codeSender=http\nportal.codeSenderUrl=http://127.0.0.1:" + gateway.getAddress().getPort()
                + "/sms\nportal.codeSenderToken=gateway-secret\n");
        PortalSettings chosen = ConfigLoader.load(java.util.Optional.of(config), Map.of()).portal();
        assertThat(chosen.codeSender()).isInstanceOf(PortalSettings.CodeSender.Http.class);
        assertThat(chosen.refusalToServe()).isEmpty();
        try (TestServer own = new TestServer(dir, c -> c.withPortal(chosen), HttpClient.newHttpClient())) {
            TestServer.Merchant m = own.onboard("SMS shop");
            PortalClient portal = new PortalClient(own);
            portal.enrol(m, 7501, false);
            TestServer.Response unknown = portal.requestCode(PortalClient.phone(7599));
            TestServer.Response enrolled = portal.requestCode(PortalClient.phone(7501));
            assertSameAnswer(enrolled, unknown, 202);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (messages.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(200); // a message for the unknown phone would have come by now too
            assertThat(messages).hasSize(1);
            assertThat(messages.getFirst()).contains("\"to\":\"" + PortalClient.phone(7501) + "\"").containsPattern("code is [0-9]{6}");
            assertThat(tokens).containsExactly("Bearer gateway-secret");
            String code = messages.getFirst().replaceAll(".*code is ([0-9]{6}).*", "$1");
            assertThat(portal.verify(PortalClient.phone(7501), code).status()).isEqualTo(200);
        } finally {
            gateway.stop(0);
        }
        // the log sender only when chosen: unset is what serve refuses, with one line saying why
        assertThat(PortalSettings.DEFAULT.refusalToServe()).hasValueSatisfying(reason -> assertThat(reason).contains("portal.codeSender").doesNotContain("\n"));
        Files.writeString(config, "portal.codeSender=log\n");
        assertThat(ConfigLoader.load(java.util.Optional.of(config), Map.of()).portal().refusalToServe()).isEmpty();
    }

    // ---- transport ----

    @Test
    void overTlsResponsesCarryHstsAndPortalCookiesAreSecure(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "openpalm",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "test-pass", "-keypass", "test-pass")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        Path config = dir.resolve("tls.properties");
        Files.writeString(config, "http.tls.keystoreFile=" + keystore + "\nhttp.tls.keystorePassword=test-pass\n");
        HttpSettings.Tls tls = ConfigLoader.load(java.util.Optional.of(config), Map.of()).http().tls().orElseThrow();
        assertThat(tls.toString()).doesNotContain("test-pass");

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "test-pass".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (TestServer own = new TestServer(dir.resolve("data"), c -> c.withHttp(c.http().withTls(tls)), HttpClient.newBuilder().sslContext(ssl).build())) {
            assertThat(own.uri("/health").getScheme()).isEqualTo("https");
            TestServer.Response health = own.get("/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.raw().headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(own.get("/portal.html", null).raw().headers().firstValue("Strict-Transport-Security")).isPresent();
            TestServer.Response admin = own.get("/admin/v1/merchants", TestServer.ADMIN_TOKEN);
            assertThat(admin.status()).as("the admin listener is TLS too").isEqualTo(200);

            TestServer.Merchant m = own.onboard("TLS shop");
            PortalClient portal = new PortalClient(own);
            portal.enrol(m, 7601, false);
            assertThat(portal.requestCode(PortalClient.phone(7601)).status()).isEqualTo(202);
            TestServer.Response signedIn = portal.verify(PortalClient.phone(7601), PortalClient.codeFromLog(PortalClient.phone(7601)));
            assertThat(signedIn.status()).isEqualTo(200);
            assertThat(signedIn.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "HttpOnly", "SameSite=Strict");
            // plain HTTP to the TLS port gets no answer a browser would use
            var plain = HttpClient.newHttpClient();
            try {
                var r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + own.server.port() + "/health"))
                                .timeout(java.time.Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(400);
            } catch (IOException refused) {
                // also fine: the TLS connector does not speak plain HTTP
            }
        }
    }

    @Test
    void forwardedProtoIsBelievedOnlyFromATrustedProxy() throws Exception {
        PortalClient portal = new PortalClient(s);
        portal.enrol(shop, 7701, false);
        String phone = PortalClient.phone(7701);
        // through the trusted proxy (127.0.0.2), which terminated TLS: HSTS and a Secure cookie
        TestServer.Response viaTrusted = proxied("/portal/v1/sign-in/code", "198.51.100.71", "{\"phone\":\"" + phone + "\"}", true, "https");
        assertThat(viaTrusted.raw().headers().firstValue("Strict-Transport-Security")).isPresent();
        TestServer.Response signedIn = proxied("/portal/v1/sign-in", "198.51.100.71",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + PortalClient.codeFromLog(phone) + "\"}", false, "https");
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(200);
        assertThat(signedIn.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");

        // the same header from anybody else (127.0.0.1) is ignored: no HSTS, no Secure (the browser would drop the cookie on http)
        ageAttempts(s, 2);
        TestServer.Response direct = s.send(HttpRequest.newBuilder(s.uri("/portal/v1/sign-in/code")).header("Content-Type", "application/json")
                .header("Idempotency-Key", TestServer.key()).header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + phone + "\"}")).build());
        assertThat(direct.status()).as(direct.text()).isEqualTo(202);
        assertThat(direct.raw().headers().firstValue("Strict-Transport-Security")).isEmpty();
        TestServer.Response untrusted = s.send(HttpRequest.newBuilder(s.uri("/portal/v1/sign-in")).header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + phone + "\",\"code\":\"" + PortalClient.codeFromLog(phone) + "\"}")).build());
        assertThat(untrusted.status()).as(untrusted.text()).isEqualTo(200);
        assertThat(untrusted.raw().headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
    }

    // ---- admin listener ----

    @Test
    void theAdminApiIsOnItsOwnRateLimitedListener(@TempDir Path dir) {
        try (TestServer own = new TestServer(dir, c -> c.withHttp(c.http().withAdmin(new HttpSettings.AdminListener("127.0.0.1", 0, 5))),
                HttpClient.newHttpClient())) {
            assertThat(own.server.adminPort()).isNotEqualTo(own.server.port());
            URI onPublic = URI.create("http://127.0.0.1:" + own.server.port() + "/admin/v1/merchants");
            TestServer.Response refused = own.send(HttpRequest.newBuilder(onPublic).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build());
            assertThat(refused.status()).as("the admin API is not on the public listener").isEqualTo(404);
            URI merchantApiOnAdmin = URI.create("http://127.0.0.1:" + own.server.adminPort() + "/v1/payments/pay_x");
            assertThat(own.send(HttpRequest.newBuilder(merchantApiOnAdmin).build()).status()).as("nor the merchant API on the admin one").isEqualTo(404);
            // 5 a minute per client, whatever the answer: the 4 left pass (wrong token or right), the next gets 429 with Retry-After
            assertThat(own.get("/admin/v1/merchants", "wrong-token").status()).isEqualTo(401);
            assertThat(own.get("/admin/v1/merchants", "wrong-token").status()).isEqualTo(401);
            assertThat(own.get("/admin/v1/merchants", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
            TestServer.Response listed = own.get("/admin/v1/merchants", TestServer.ADMIN_TOKEN);
            assertThat(listed.status()).isEqualTo(200);
            // the admin page links new terminals to the reader and kiosk pages on the public listener
            assertThat(listed.raw().headers().firstValue("OpenPalm-Public-Port")).hasValue(Integer.toString(own.server.port()));
            TestServer.Response limited = own.get("/admin/v1/merchants", TestServer.ADMIN_TOKEN);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.raw().headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 12L);
            // the public listener is not limited by it
            assertThat(own.get("/health", null).status()).isEqualTo(200);
        }
    }

    @Test
    void theAdminListenerIsOnLoopbackByDefault() {
        assertThat(HttpSettings.DEFAULT.admin().host()).isEqualTo("127.0.0.1");
        assertThat(ConfigLoader.load(java.util.Optional.empty(), Map.of("OPENPALM_ADMIN_PORT", "9181")).http().admin())
                .isEqualTo(new HttpSettings.AdminListener("127.0.0.1", 9181, HttpSettings.AdminListener.DEFAULT.requestsPerMinute()));
    }

    // ---- helpers ----

    /** A portal call through the trusted proxy (127.0.0.2) to the shared server for the client {@code forwardedFor}. */
    private static TestServer.Response proxied(String path, String forwardedFor, String json, boolean idempotent, String... proto) {
        return proxied(s, path, forwardedFor, json, idempotent, proto);
    }

    /** {@code proto}: the X-Forwarded-Proto the proxy sends, {@code http} when not given. */
    private static TestServer.Response proxied(TestServer server, String path, String forwardedFor, String json, boolean idempotent, String... proto) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .header("X-Forwarded-Proto", proto.length > 0 ? proto[0] : "http");
        if (idempotent) b.header("Idempotency-Key", TestServer.key());
        return TestServer.send(viaProxy, b.build());
    }

    /** Status, body and every header but the date and Retry-After (counted from each request's own time) are the same. */
    private static void assertSameAnswer(TestServer.Response a, TestServer.Response b, int status) {
        assertThat(a.status()).as(a.text()).isEqualTo(status);
        assertThat(b.status()).as(b.text()).isEqualTo(status);
        assertThat(b.text()).isEqualTo(a.text());
        Map<String, List<String>> ha = new java.util.TreeMap<>(a.raw().headers().map());
        Map<String, List<String>> hb = new java.util.TreeMap<>(b.raw().headers().map());
        for (String varies : List.of("date", "retry-after")) {
            ha.remove(varies);
            hb.remove(varies);
        }
        assertThat(hb).isEqualTo(ha);
    }

    /** Pending codes of every phone (they are kept under the phones' keyed hashes, not the numbers). */
    private static int pendingCodes() throws Exception {
        try (Connection c = s.server.database().dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM portal_codes")) {
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Moves every sign-in attempt {@code hours} back: the backoff has passed, the day has not. */
    private static void ageAttempts(TestServer server, int hours) throws Exception {
        try (Connection c = server.server.database().dataSource().getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE portal_attempts SET last_attempt_at = last_attempt_at - INTERVAL '" + hours + "' HOUR");
        }
    }

    /** The last error of the merchant's first webhook delivery, once it has one. */
    private static String awaitDeliveryError(TestServer server, String merchantId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Connection c = server.server.database().dataSource().getConnection();
                 var ps = c.prepareStatement("SELECT last_error FROM webhook_deliveries WHERE merchant_id = ? AND last_error IS NOT NULL")) {
                ps.setString(1, merchantId);
                try (var rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getString(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no webhook delivery failed for " + merchantId);
    }

    private static InetAddress address(String literal) {
        return InetAddress.ofLiteral(literal);
    }
}
