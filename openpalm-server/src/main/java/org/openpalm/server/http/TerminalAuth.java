package org.openpalm.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.NonceRegistry;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.service.MerchantService;
import org.openpalm.server.TerminalAuthConfig;

/**
 * Verifies terminal requests. A terminal signs, with its Ed25519 key,
 * <pre>
 *   METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 * </pre>
 * and sends {@code X-Terminal-Id}, {@code X-Timestamp} (Unix seconds), {@code X-Nonce} (16 to 64
 * of [A-Za-z0-9_-]) and {@code X-Signature} (base64). Unknown terminal, bad signature, a timestamp
 * more than the allowed skew away, or a nonce seen before: 401.
 */
public final class TerminalAuth {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern NONCE_FORMAT = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final MerchantService merchants;
    private final NonceRegistry nonces;
    private final TerminalAuthConfig config;
    private final Clock clock;

    public TerminalAuth(MerchantService merchants, NonceRegistry nonces, TerminalAuthConfig config, Clock clock) {
        this.merchants = merchants;
        this.nonces = nonces;
        this.config = config;
        this.clock = clock;
    }

    public static String canonical(String method, String path, String timestamp, String nonce, byte[] body) {
        return method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body);
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authenticated terminal, or a 401 problem. */
    public Terminal verify(String method, String path, Optional<String> terminalHeader, Optional<String> timestamp,
                           Optional<String> nonce, Optional<String> signature, byte[] body) {
        if (terminalHeader.isEmpty() || timestamp.isEmpty() || nonce.isEmpty() || signature.isEmpty()) {
            throw unauthorised("X-Terminal-Id, X-Timestamp, X-Nonce and X-Signature are required");
        }
        Optional<Terminal> terminal = TerminalId.parse(terminalHeader.get()).flatMap(merchants::terminal);
        if (terminal.isEmpty()) throw unauthorised("unknown terminal");
        long ts;
        try {
            ts = Long.parseLong(timestamp.get());
        } catch (NumberFormatException e) {
            throw unauthorised("X-Timestamp must be Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > config.maxClockSkewSeconds()) throw unauthorised("timestamp outside the allowed window");
        if (!NONCE_FORMAT.matcher(nonce.get()).matches()) throw unauthorised("X-Nonce must be 16 to 64 of [A-Za-z0-9_-]");
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.get());
        } catch (IllegalArgumentException e) {
            throw unauthorised("X-Signature must be base64");
        }
        String canonical = canonical(method, path, timestamp.get(), nonce.get(), body);
        if (!verifies(terminal.get(), canonical, sig)) throw unauthorised("bad signature");
        // Only a correctly signed request may consume a nonce. It is remembered past the timestamp
        // window, after which the timestamp check refuses the request anyway.
        java.time.Instant expires = java.time.Instant.ofEpochSecond(now + 2 * config.maxClockSkewSeconds());
        if (!nonces.firstUse(terminal.get().id(), nonce.get(), expires)) throw unauthorised("nonce already used");
        return terminal.get();
    }

    /** Forgets expired nonces (housekeeping). */
    public int purgeExpiredNonces() {
        return nonces.purgeExpired(clock.instant());
    }

    /**
     * A terminal's decoded key. Decoding an Ed25519 point costs about as much as a verification, so
     * it is done once per terminal key.
     */
    private record DecodedKey(byte[] encoded, Ed25519.PublicPoint point) {}

    private final java.util.Map<String, DecodedKey> decodedKeys = new java.util.concurrent.ConcurrentHashMap<>();

    /** DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410 section 4); the raw key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Optional<Ed25519.PublicPoint> publicKey(Terminal terminal) {
        byte[] encoded = terminal.publicKey().encoded();
        DecodedKey cached = decodedKeys.get(terminal.id().value());
        if (cached != null && java.util.Arrays.equals(cached.encoded(), encoded)) return Optional.of(cached.point());
        if (encoded.length != ED25519_SPKI_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
                || !java.util.Arrays.equals(encoded, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            return Optional.empty();
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, ED25519_SPKI_PREFIX.length);
        if (point == null) return Optional.empty();
        if (decodedKeys.size() > 100_000) decodedKeys.clear(); // bound: terminals are few, keys are small
        decodedKeys.put(terminal.id().value(), new DecodedKey(encoded, point));
        return Optional.of(point);
    }

    /**
     * RFC 8032 Ed25519 verification with Bouncy Castle's implementation: the same algorithm as the
     * JDK's {@code Signature("Ed25519")}, at about a ninth of its CPU cost (0.1 ms against 0.9 ms
     * on this machine), which matters on the payment path (one verification per terminal call).
     */
    private boolean verifies(Terminal terminal, String canonical, byte[] sig) {
        if (sig.length != Ed25519.SIGNATURE_SIZE) return false;
        Optional<Ed25519.PublicPoint> key = publicKey(terminal);
        if (key.isEmpty()) return false;
        byte[] message = canonical.getBytes(StandardCharsets.UTF_8);
        return Ed25519.verify(sig, 0, key.get(), message, 0, message.length);
    }

    private static Problem unauthorised(String detail) {
        return Problem.of(401, "unauthorised", "Unauthorised", detail);
    }
}
