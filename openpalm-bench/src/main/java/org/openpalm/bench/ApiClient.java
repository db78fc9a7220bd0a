package org.openpalm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;
import org.openpalm.server.http.TerminalAuth;

/** A small client of the OpenPalm HTTP API for the harnesses: a merchant, a signing reader and a signing kiosk. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    String apiKey;
    /** The reader: palm presentations. */
    String terminalId;
    /** The reader's Ed25519 private key (RFC 8032 seed). */
    private final byte[] terminalSecret = new byte[Ed25519.SECRET_KEY_SIZE];
    /** The kiosk (role kiosk): enrolments. */
    private String kioskId;
    private final byte[] kioskSecret = new byte[Ed25519.SECRET_KEY_SIZE];
    /**
     * Each terminal's public key by secret key: signing with it given skips deriving it again, a
     * second scalar multiplication per request (a reader knows its own public key).
     */
    private final Map<byte[], byte[]> publicKeys = new java.util.concurrent.ConcurrentHashMap<>();

    ApiClient(int port) {
        this.host = "127.0.0.1:" + port;
        this.port = port;
    }

    /**
     * The same merchant and terminals (the same keys) talking to the server at {@code port}: one
     * till and kiosk in front of several servers, as behind a load balancer.
     */
    ApiClient at(int otherPort) {
        ApiClient other = new ApiClient(otherPort);
        other.apiKey = apiKey;
        other.terminalId = terminalId;
        System.arraycopy(terminalSecret, 0, other.terminalSecret, 0, terminalSecret.length);
        other.kioskId = kioskId;
        System.arraycopy(kioskSecret, 0, other.kioskSecret, 0, kioskSecret.length);
        other.gateId = gateId;
        System.arraycopy(gateSecret, 0, other.gateSecret, 0, gateSecret.length);
        return other;
    }

    int port() {
        return port;
    }

    /** {@code instant} in nanoseconds since the epoch: the wall clock the servers and the benches compare on. */
    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /**
     * {@code serverTiming}: the response's Server-Timing header, {@code identifyBegan} its
     * OpenPalm-Identify-Began header (when the server's search began, on its wall clock); each
     * empty when it had none.
     */
    record Reply(int status, JsonNode json, String serverTiming, String identifyBegan) {
        Reply(int status, JsonNode json) {
            this(status, json, "", "");
        }

        /** When the call's search began on the server's wall clock, in nanoseconds since the epoch, if the answer says. */
        java.util.OptionalLong identifyBeganEpochNanos() {
            if (identifyBegan.isEmpty()) return java.util.OptionalLong.empty();
            return java.util.OptionalLong.of(epochNanos(Instant.parse(identifyBegan)));
        }

        /** A Server-Timing metric's duration in milliseconds ({@code name;dur=12.5}), if the header has it. */
        java.util.OptionalDouble timing(String metric) {
            for (String part : serverTiming.split(",")) {
                String[] fields = part.trim().split(";");
                if (!fields[0].trim().equals(metric)) continue;
                for (int i = 1; i < fields.length; i++) {
                    String f = fields[i].trim();
                    if (f.startsWith("dur=")) return java.util.OptionalDouble.of(Double.parseDouble(f.substring(4)));
                }
            }
            return java.util.OptionalDouble.empty();
        }
    }

    /**
     * One request on this thread's kept-alive connection. A small HTTP/1.1 client of its own: the
     * harness runs in the server's process on the same two cores, and the JDK's HttpClient cost
     * about an eighth of all the CPU a payment took (a till's client runs on the till, not here).
     * A failed exchange closes the connection; the next request opens a new one.
     */
    Reply send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        Connection c = connection.get();
        try {
            c.open(timeout);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            c.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            c.out.write(body);
            c.out.flush();
            return c.readReply();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private final String host;
    private final int port;
    private final ThreadLocal<Connection> connection = ThreadLocal.withInitial(Connection::new);

    /** One kept-alive connection. */
    private final class Connection {
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        void open(Duration timeout) throws IOException {
            if (socket == null) {
                socket = new java.net.Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 16 << 10);
                out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 << 10);
            }
            socket.setSoTimeout((int) timeout.toMillis());
        }

        Reply readReply() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("bad status line: " + status);
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String serverTiming = "";
            String identifyBegan = "";
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
                else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
                else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) close = true;
                else if (name.equalsIgnoreCase("Server-Timing")) serverTiming = value;
                else if (name.equalsIgnoreCase("OpenPalm-Identify-Began")) identifyBegan = value;
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) { } // trailers
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                body.write(in.readAllBytes());
                close = true;
            }
            if (close) close();
            String text = body.toString(StandardCharsets.UTF_8);
            return new Reply(code, text.isEmpty() ? JSON.nullNode() : JSON.readTree(text), serverTiming, identifyBegan);
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int ch = in.read(); ch != '\n'; ch = in.read()) {
                if (ch < 0) throw new IOException("connection closed");
                if (ch != '\r') b.append((char) ch);
            }
            return b.toString();
        }

        void close() {
            if (socket == null) return;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
            socket = null;
        }
    }

    Reply post(String path, String bearer, String key, String body) throws IOException {
        return send("POST", path, Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearer, "Idempotency-Key", key),
                body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    Reply get(String path, String bearer) throws IOException {
        return send("GET", path, Map.of("Authorization", "Bearer " + bearer), new byte[0], Duration.ofSeconds(30));
    }

    boolean ready() {
        try {
            return send("GET", "/ready", Map.of(), new byte[0], Duration.ofSeconds(2)).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Onboards a merchant with one store, a reader and a kiosk; the operator's call goes to the admin listener. */
    void onboard(String adminToken, int adminPort) throws IOException, GeneralSecurityException {
        apiKey = new ApiClient(adminPort).post("/admin/v1/merchants", adminToken, UUID.randomUUID().toString(), "{\"name\":\"Bench shop\"}").json().get("api_key").asText();
        String store = post("/v1/stores", apiKey, UUID.randomUUID().toString(), "{\"name\":\"Bench store\"}").json().get("store_id").asText();
        terminalId = addTerminal(store, "reader", terminalSecret);
        kioskId = addTerminal(store, "kiosk", kioskSecret);
    }

    private String addTerminal(String store, String role, byte[] secret) throws IOException {
        new java.security.SecureRandom().nextBytes(secret);
        byte[] raw = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, raw, 0);
        publicKeys.put(secret, raw);
        byte[] publicX509 = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, publicX509, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, publicX509, ED25519_SPKI_PREFIX.length, raw.length);
        return post("/v1/terminals", apiKey, UUID.randomUUID().toString(), "{\"store_id\":\"" + store + "\",\"role\":\"" + role
                + "\",\"public_key\":\"" + Base64.getEncoder().encodeToString(publicX509) + "\"}").json().get("terminal_id").asText();
    }

    /** A gate (role gate): entries by palm (bench entries). */
    private String gateId;
    private final byte[] gateSecret = new byte[Ed25519.SECRET_KEY_SIZE];

    /** Adds a gate terminal at a new store of the onboarded merchant. */
    void addGate() throws IOException {
        String store = post("/v1/stores", apiKey, UUID.randomUUID().toString(), "{\"name\":\"Bench gate\"}").json().get("store_id").asText();
        gateId = addTerminal(store, "gate", gateSecret);
    }

    /** A POST signed by the gate. */
    Reply gatePost(String path, String key, String json) throws IOException {
        return signedPost(gateId, gateSecret, path, key, json);
    }

    /** A POST signed by the kiosk. */
    Reply kioskPost(String path, String key, String json) throws IOException {
        return signedPost(kioskId, kioskSecret, path, key, json);
    }

    /** A POST signed by the reader. */
    Reply terminalPost(String path, String key, String json) throws IOException {
        return signedPost(terminalId, terminalSecret, path, key, json);
    }

    private Reply signedPost(String terminalId, byte[] terminalSecret, String path, String key, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        // Bouncy Castle's RFC 8032 signing: the JDK's costs ~1 ms of the bench's shared CPU per call.
        byte[] message = TerminalAuth.canonical("POST", path, "", "application/json", Long.toString(ts), nonce, body).getBytes(StandardCharsets.UTF_8);
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        byte[] publicKey = publicKeys.computeIfAbsent(terminalSecret, sk -> {
            byte[] raw = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(sk, 0, raw, 0);
            return raw;
        });
        Ed25519.sign(terminalSecret, 0, publicKey, 0, message, 0, message.length, sig, 0);
        String signature = Base64.getEncoder().encodeToString(sig);
        return send("POST", path, Map.of("Content-Type", "application/json", "X-Terminal-Id", terminalId, "X-Timestamp", Long.toString(ts),
                "X-Nonce", nonce, "X-Signature", signature, "Idempotency-Key", key), body, Duration.ofSeconds(30));
    }

    /**
     * Enrols customer {@code n} at the kiosk as a shopper does: a one-time code to the phone, then
     * the enrolment with that code ({@code codeOf} reads it where the server sent it) and the card's
     * CVV2 (the in-process network's test rule: its last three digits).
     */
    Reply enrol(long n, java.util.function.Function<String, String> codeOf) throws IOException {
        return enrol(n, codeOf, () -> {});
    }

    /** As {@link #enrol(long, java.util.function.Function)}; {@code beforeEnrolment} runs just before the enrolment call itself. */
    Reply enrol(long n, java.util.function.Function<String, String> codeOf, Runnable beforeEnrolment) throws IOException {
        String phone = PaymentsFixture.phone(n).e164();
        Reply check = signedPost(kioskId, kioskSecret, "/terminal/v1/enrolments/phone-checks", "phone-" + n, "{\"phone\":\"" + phone + "\"}");
        if (check.status() != 201) return check;
        String pan = PaymentsFixture.card(n).revealTo((x, e) -> null);
        String json = "{\"phone\":\"" + phone + "\",\"phone_check_id\":\"" + check.json().get("phone_check_id").asText()
                + "\",\"phone_code\":\"" + codeOf.apply(phone) + "\",\"card_number\":\"" + pan + "\",\"cvv2\":\""
                + org.openpalm.payments.network.InProcessNetwork.testSecurityCodeOf(pan) + "\",\"expiry\":\""
                + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\"" + Base64.getEncoder().encodeToString(SyntheticPalms.palm(n).toPng())
                + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
        beforeEnrolment.run();
        return signedPost(kioskId, kioskSecret, "/terminal/v1/enrolments", "enrol-" + n, json);
    }

    /** DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410 section 4). */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    static String palmJson(long customer, long capture) {
        return palmJson(capturePng(customer, capture));
    }

    /**
     * A synthetic capture of customer {@code customer}'s palm, sensor noise {@code capture}. Extra
     * noise (sigma 16 grey levels) makes two captures differ as live ones do: the synthetic
     * captures alone score up to 97.8 against each other, where the replay rule starts at 98; with
     * it at most about 94, still about 84 against the enrolment.
     */
    static byte[] capturePng(long customer, long capture) {
        return SyntheticPalms.liveCapture(customer, capture).toPng();
    }

    static String palmJson(byte[] png) {
        return "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(png) + "\"}";
    }

    /**
     * The same picture in new bytes: a PNG text chunk ({@code tEXt}, ignored by decoders) naming
     * {@code frame}, inserted before IEND. A reader never sends the same bytes twice, and the
     * servers refuse a repeated capture as a replay.
     */
    static byte[] asFrame(byte[] png, long frame) {
        byte[] text = ("Frame\0" + frame).getBytes(StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + text.length);
        chunk.putInt(text.length).put("tEXt".getBytes(StandardCharsets.ISO_8859_1)).put(text);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk.array(), 4, 4 + text.length);
        chunk.putInt((int) crc.getValue());
        int iend = png.length - 12; // IEND is the last chunk: length, type, no data, CRC
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, iend);
        System.arraycopy(chunk.array(), 0, out, iend, chunk.capacity());
        System.arraycopy(png, iend, out, iend + chunk.capacity(), 12);
        return out;
    }
}
