package org.openpalm.payments.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** SHA-256 over the operation name and the request body: same key with another body is a conflict. */
public record RequestFingerprint(String sha256Hex) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public RequestFingerprint {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!FORMAT.matcher(sha256Hex).matches()) throw new IllegalArgumentException("not a SHA-256 hex digest");
    }

    public static RequestFingerprint of(String operation, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(operation.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(body);
            return new RequestFingerprint(HexFormat.of().formatHex(md.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
