package org.openpalm.payments.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints are recorded in databases and compared between servers of different versions, so
 * the fingerprinted text must never change: these values (computed with Python's hmac module, not this code) pin it.
 */
class KeyFingerprintTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theFingerprintOfAKeyNeverChanges() {
        assertThat(KeyFingerprint.of(SECRET, KeyFingerprint.Kind.PROTECTION, "t1")).isEqualTo("babca894306c29104f65071b916108516f8585525bae943ed1ad0c9e233c6387");
        assertThat(KeyFingerprint.of(SECRET, KeyFingerprint.Kind.DATA, "k1")).isEqualTo("498f5d802514f412b8be476b463f1d606d01776233daa71d47cfcb0de9112976");
    }

    @Test
    void kindsAreKnownByTheirLabelsOnly() {
        for (KeyFingerprint.Kind kind : KeyFingerprint.Kind.values()) assertThat(KeyFingerprint.Kind.ofLabel(kind.label())).contains(kind);
        assertThat(KeyFingerprint.Kind.ofLabel("PROTECTION")).isEmpty();
        assertThat(KeyFingerprint.Kind.ofLabel("escrow")).isEmpty();
    }
}
