package org.openpalm.biometrics;

/** Why a capture was taken for a replay of an earlier one. */
public enum ReplayReason {
    /** The capture's bytes are exactly those of an earlier capture (same SHA-256). */
    IDENTICAL_BYTES,
    /**
     * The bytes differ but the template is closer to an earlier capture's than two live captures
     * of the same palm ever are ({@link ReplayConfig#minReplayScorePoints}): a re-encoded frame.
     */
    NEAR_IDENTICAL_TEMPLATE
}
