package org.openpalm.payments.attempt;

import java.time.Instant;

/**
 * Port: what every server must share about palm captures, kept in the database: the digests of the
 * captures seen recently and the presentation counters. Each method is atomic on its own, so two
 * servers receiving the same capture at once cannot both take it for new.
 */
public interface PresentationStore {
    /** Whether a capture was new, a repeat by the same origin, or seen before from elsewhere. */
    enum Sighting { FIRST, SAME_ORIGIN, ELSEWHERE }

    /**
     * Remembers {@code digest} as seen by {@code origin} (e.g. a terminal and payment) until
     * {@code forgetAt}, unless it is remembered already. Joins the caller's transaction if any.
     */
    Sighting sight(CaptureDigest digest, String origin, Instant seenAt, Instant forgetAt);

    /** Whether {@code digest} is remembered, without remembering it. */
    boolean remembered(CaptureDigest digest);

    /**
     * Counts one presentation in {@code scope} if fewer than {@code limit} are counted there;
     * returns whether it was counted. The count is forgotten at {@code forgetAt}.
     */
    boolean countWithin(String scope, int limit, Instant forgetAt);

    /** Forgets digests and counters past their time; returns how many. */
    int purgeExpired(Instant now);
}
