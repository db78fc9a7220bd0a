package org.openpalm.payments.merchant;

import java.util.Objects;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;

/**
 * A terminal at a store: a palm reader, an enrolment kiosk or a gate ({@link TerminalRole}). It
 * signs every request with its Ed25519 private key; the platform keeps only the public key (X.509
 * SubjectPublicKeyInfo encoding).
 */
public record Terminal(TerminalId id, MerchantId merchant, StoreId store, TerminalPublicKey publicKey, TerminalRole role) {
    public Terminal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(role, "role");
    }

    /** A palm reader ({@link TerminalRole#READER}). */
    public Terminal(TerminalId id, MerchantId merchant, StoreId store, TerminalPublicKey publicKey) {
        this(id, merchant, store, publicKey, TerminalRole.READER);
    }
}
