package org.openpalm.biometrics.engine.protect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deterministic pseudo-random stream from a 256-bit key and a label: HMAC-SHA256 in counter
 * mode (block n = HMAC(key, label || n)), as in NIST SP 800-108's KDF in counter mode. The same
 * key and label always give the same stream, so every server of one deployment derives the same
 * transform; different labels give independent streams.
 */
final class KeyedStream {
    private final Mac mac;
    private final byte[] label;
    private long counter;
    private final ByteBuffer block = ByteBuffer.allocate(32);

    KeyedStream(byte[] key, String label) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        this.label = label.getBytes(StandardCharsets.UTF_8);
        block.position(block.limit());
    }

    int nextInt() {
        if (block.remaining() < 4) refill();
        return block.getInt();
    }

    long nextLong() {
        return ((long) nextInt() << 32) | (nextInt() & 0xFFFF_FFFFL);
    }

    /** Uniform in [0, bound): rejection sampling, no modulo bias. */
    int nextBelow(int bound) {
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long v = nextInt() & 0xFFFF_FFFFL;
            if (v < limit) return (int) (v % bound);
        }
    }

    private void refill() {
        mac.update(label);
        mac.update(ByteBuffer.allocate(8).putLong(counter++).array());
        block.clear();
        block.put(mac.doFinal());
        block.flip();
    }

    /** Fisher-Yates shuffle of {@code values} in place. */
    void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextBelow(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** The first {@code bytes} bytes of the stream. */
    byte[] bytes(int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            if (!block.hasRemaining()) refill();
            out[i] = block.get();
        }
        return out;
    }
}
