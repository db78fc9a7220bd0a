package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/** Enrols and pays through the real terminal API, and signs customers in to the portal with the code from the server log. */
final class PortalClient {
    private final TestServer s;

    PortalClient(TestServer s) {
        this.s = s;
    }

    static String phone(long n) {
        return PaymentsFixture.phone(n).e164();
    }

    static String cardNumber(long n) {
        return PaymentsFixture.card(n).revealTo((x, e) -> null);
    }

    static String enrolmentJson(long n, boolean insights) {
        return "{\"phone\":\"" + phone(n) + "\",\"card_number\":\"" + cardNumber(n) + "\",\"expiry\":\"" + java.time.YearMonth.now().plusYears(2)
                + "\",\"palm_images\":[\"" + Base64.getEncoder().encodeToString(SyntheticPalms.palm(n).toPng()) + "\"],\"biometric_consent\":true,"
                + "\"consent_text_version\":\"v1\"" + (insights ? ",\"insights_consent\":true" : "") + "}";
    }

    /** Enrols customer n at the merchant's kiosk; returns the customer id. */
    String enrol(TestServer.Merchant m, long n, boolean insights) {
        TestServer.Response r = s.enrol(m.kiosk(), enrolmentJson(n, insights));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("customer_id").asText();
    }

    private static final java.util.concurrent.atomic.AtomicLong NOISE = new java.util.concurrent.atomic.AtomicLong(100);

    /** A new sensor-noise seed: every payment presents a new capture, as a reader does (a repeated one is a replay). */
    static long freshNoise() {
        return NOISE.incrementAndGet();
    }

    /** Creates a payment and presents customer n's palm; returns the palm result (AUTHORISED, NOT_RECOGNISED, ...). */
    String pay(TestServer.Merchant m, long n, long minor) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":" + minor + ",\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String palm = "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(SyntheticPalms.liveCapture(n, freshNoise()).toPng()) + "\"}";
        TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + created.json().get("id").asText() + "/palm", palm);
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json().get("result").asText();
    }

    TestServer.Response requestCode(String phone) {
        return s.post("/portal/v1/sign-in/code", null, TestServer.key(), "{\"phone\":\"" + phone + "\"}");
    }

    TestServer.Response verify(String phone, String code) {
        return s.post("/portal/v1/sign-in", null, null, "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
    }

    /** How many codes {@link #codeFromLog} has seen per phone: the next call waits for one more. */
    private static final java.util.Map<String, Integer> CODES_SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The code the log sender wrote for the phone ending in these four digits since the previous
     * call for it: codes are sent off the request (so the answer takes as long whether the phone is
     * enrolled or not), so it may land in the log a moment after the 202.
     */
    static String codeFromLog(String phone) {
        String log = System.getProperty("org.slf4j.simpleLogger.logFile");
        assertThat(log).as("the server tests log to a file (org.slf4j.simpleLogger.logFile)").isNotNull();
        Pattern p = Pattern.compile("portal sign-in code for the phone ending " + phone.substring(phone.length() - 4) + ": ([0-9]{6})");
        int seen = CODES_SEEN.getOrDefault(phone, 0);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        try {
            while (true) {
                List<String> codes = new java.util.ArrayList<>();
                for (String line : Files.readAllLines(Path.of(log))) {
                    Matcher m = p.matcher(line);
                    if (m.find()) codes.add(m.group(1));
                }
                if (codes.size() > seen) {
                    CODES_SEEN.put(phone, codes.size());
                    return codes.getLast();
                }
                assertThat(System.nanoTime()).as("a new code logged for " + phone).isLessThan(deadline);
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in with a fresh code; returns the session cookie ({@code name=value}). */
    String signIn(String phone) {
        assertThat(requestCode(phone).status()).isEqualTo(202);
        TestServer.Response r = verify(phone, codeFromLog(phone));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String setCookie = r.raw().headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    TestServer.Response get(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).GET();
        if (cookie != null) b.header("Cookie", cookie);
        return s.send(b.build());
    }

    TestServer.Response post(String path, String cookie, String idempotencyKey, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (cookie != null) b.header("Cookie", cookie);
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return s.send(b.build());
    }

    static List<String> fields(TestServer.Response problem) {
        assertThat(problem.contentType()).startsWith("application/problem+json");
        return problem.json().get("errors").findValuesAsText("field");
    }
}
