package org.openpalm.payments.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fingerprint of a key: HMAC-SHA-256 under the key of a fixed text naming it (its kind and
 * id), in hex. It identifies the key without revealing anything of it, so servers can compare
 * keys they must share: the store records one per key in the database, the cluster's members
 * announce their template key's to each other. One definition for both, so that the two always
 * agree on what "the same key" means.
 */
public final class KeyFingerprint {
    /** The kinds of key fingerprinted; {@link #label()} is the name in the fingerprinted text and in the store's rows. */
    public enum Kind {
        DATA, PROTECTION, LOOKUP;

        /** The lower-case name: part of every fingerprint, so it must never change. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The kind with this label, if any (a newer version may record kinds this one does not know). */
        public static java.util.Optional<Kind> ofLabel(String label) {
            return java.util.Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
        }
    }

    private KeyFingerprint() {}

    /** The fingerprint of {@code secret}, a key of {@code kind} with id {@code keyId}. */
    public static String of(byte[] secret, Kind kind, String keyId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("openpalm key fingerprint v1 " + kind.label() + " " + keyId).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
