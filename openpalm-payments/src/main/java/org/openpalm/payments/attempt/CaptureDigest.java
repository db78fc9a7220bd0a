package org.openpalm.payments.attempt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a palm capture's bytes, exactly as the terminal sent them: what the servers
 * remember of a capture to refuse it when it comes again. It reveals nothing of the palm.
 */
public record CaptureDigest(String hex) {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public CaptureDigest {
        Objects.requireNonNull(hex, "hex");
        if (!FORMAT.matcher(hex).matches()) throw new IllegalArgumentException("a capture digest is 64 lower-case hex digits");
    }

    public static CaptureDigest of(byte[] captureBytes) {
        try {
            return new CaptureDigest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(captureBytes)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
