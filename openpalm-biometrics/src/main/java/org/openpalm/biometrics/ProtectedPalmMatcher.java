package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.ShiftMatcher;

/**
 * {@link PalmMatcher} for candidates stored as {@link ProtectedTemplate}s: the fresh probe's aligned
 * copies (every rotation and translation the search tries) are protected once, here, with the
 * gallery's key, and compared with the protected candidates. The scores equal
 * {@code new PalmMatcher(probe).match(plain candidate)} exactly; see {@link ProtectedTemplate}.
 * Immutable and thread-safe.
 */
public final class ProtectedPalmMatcher {
    private final ShiftMatcher matcher;
    private final String keyId;

    public ProtectedPalmMatcher(PalmTemplate probe, TemplateProtectionKey key) {
        this.matcher = new ShiftMatcher(probe.code(), EngineConfig.DEFAULT, key.transform());
        this.keyId = key.id();
    }

    /**
     * Similarity of the protected candidate to the probe, 0 (unrelated) to 100 (identical).
     *
     * @throws IllegalArgumentException the candidate is protected with another key
     */
    public double match(ProtectedTemplate candidate) {
        if (!candidate.keyId().equals(keyId)) {
            throw new IllegalArgumentException("candidate is protected with key " + candidate.keyId() + ", this matcher uses " + keyId);
        }
        return matcher.score(candidate.fine());
    }
}
