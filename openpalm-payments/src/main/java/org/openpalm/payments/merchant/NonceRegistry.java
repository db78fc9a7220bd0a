package org.openpalm.payments.merchant;

import java.time.Instant;
import org.openpalm.payments.ids.TerminalId;

/**
 * Port: nonces of signed terminal requests, remembered until they expire, shared by every server
 * instance and surviving restarts, so a captured request cannot be replayed.
 */
public interface NonceRegistry {
    /** True the first time this terminal uses this nonce; false for a replay. */
    boolean firstUse(TerminalId terminal, String nonce, Instant expiresAt);

    /** Forgets nonces expired at {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
