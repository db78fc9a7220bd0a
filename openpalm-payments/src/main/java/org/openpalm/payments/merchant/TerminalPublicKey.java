package org.openpalm.payments.merchant;

import java.util.Arrays;
import java.util.HexFormat;

/** An Ed25519 public key, X.509 encoded. Public, so printable, but shown as a short fingerprint. */
public final class TerminalPublicKey {
    private final byte[] encoded;

    public TerminalPublicKey(byte[] encoded) {
        if (encoded == null || encoded.length == 0) throw new IllegalArgumentException("empty key");
        this.encoded = encoded.clone();
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TerminalPublicKey k && Arrays.equals(k.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "TerminalPublicKey[" + HexFormat.of().formatHex(encoded, encoded.length - 4, encoded.length) + "]";
    }
}
