package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.PackedCode;
import org.openpalm.biometrics.engine.ShiftMatcher;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flags replayed captures. A reader never sends the same frame twice, and two live captures of
 * one palm always differ a little (hand pose, light, sensor noise); so a capture whose bytes equal
 * an earlier capture's, or whose template is closer to an earlier one than live captures of the
 * same palm ever are ({@link ReplayConfig}), is a replay: a recorded frame sent again.
 *
 * <pre>{@code
 * switch (guard.check(imageBytes, acquired.template())) {
 *     case ReplayVerdict.Fresh f -> pay(...);
 *     case ReplayVerdict.Replay r -> refuse(r.reason());
 * }
 * }</pre>
 *
 * <p>Remembers the last {@link ReplayConfig#windowCaptures} captures checked (a SHA-256 of the
 * bytes and the template), replays included, so memory and time per check are bounded. Use one
 * guard per reader to catch a reader repeating itself, or one shared guard to also catch a frame
 * moved to another reader. Thread-safe: a capture is remembered before it is compared, under the
 * lock, so of two copies of one frame arriving at once the later is compared with the earlier and
 * cannot pass; the comparisons themselves run outside the lock.
 */
public final class ReplayGuard {
    /**
     * The replay search: translations of up to {@link ReplayConfig#searchShiftCells} cells, no
     * rotation. The identification search (3 cells, 7 rotations) finds the pose of another capture
     * of the palm; a replay has no other pose, and the small search costs a fifth as much: on a
     * busy reader's server most checks find several recent captures of the same shopper to
     * compare with.
     */
    private final EngineConfig nearAlignment;
    private final ReplayConfig config;
    private final ArrayDeque<Remembered> window = new ArrayDeque<>(); // guarded by this
    private final Map<String, Long> idByDigest = new HashMap<>();     // guarded by this; digests in window
    private long nextId;                                               // guarded by this

    private record Remembered(long id, String digest, PalmTemplate template) {}

    public ReplayGuard() {
        this(ReplayConfig.DEFAULT);
    }

    public ReplayGuard(ReplayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.nearAlignment = EngineConfig.DEFAULT.withMaxShiftCells(config.searchShiftCells()).withRotationsDegrees(0);
    }

    public ReplayConfig config() {
        return config;
    }

    /**
     * Checks one capture against the remembered ones, then remembers it.
     *
     * @param captureBytes the capture exactly as the reader sent it (encoded image)
     * @param template     the template made from it
     */
    public ReplayVerdict check(byte[] captureBytes, PalmTemplate template) {
        Probe probe = probe(captureBytes, template);
        long id;
        Long sameBytes;
        List<Remembered> earlier;
        synchronized (this) {
            id = nextId++;
            sameBytes = idByDigest.get(probe.digest());
            earlier = sameBytes == null ? List.copyOf(window) : List.of();
            // Remembered before it is compared: a copy arriving meanwhile is compared with this one.
            remember(new Remembered(id, probe.digest(), template));
        }
        // The comparisons (about 1.5 us each, a window of them) run outside the lock, so
        // concurrent checks do not queue behind one another.
        return judge(id, sameBytes, earlier, probe.template());
    }

    /** A capture ready to be judged: its digest made outside the lock. */
    private record Probe(String digest, PalmTemplate template) {}

    private static Probe probe(byte[] captureBytes, PalmTemplate template) {
        Objects.requireNonNull(captureBytes, "captureBytes");
        Objects.requireNonNull(template, "template");
        return new Probe(sha256(captureBytes), template);
    }

    /**
     * Checks one capture against the remembered ones without remembering it: for captures that
     * may be sent again legitimately (an enrolment refused for another reason and repeated).
     * The verdict's capture id is the one the next {@link #check} would give.
     */
    public ReplayVerdict peek(byte[] captureBytes, PalmTemplate template) {
        Probe probe = probe(captureBytes, template);
        long id;
        Long sameBytes;
        List<Remembered> earlier;
        synchronized (this) {
            id = nextId;
            sameBytes = idByDigest.get(probe.digest());
            earlier = sameBytes == null ? List.copyOf(window) : List.of();
        }
        return judge(id, sameBytes, earlier, probe.template());
    }

    private ReplayVerdict judge(long id, Long sameBytes, List<Remembered> earlier, PalmTemplate template) {
        if (sameBytes != null) return new ReplayVerdict.Replay(id, ReplayReason.IDENTICAL_BYTES, sameBytes, 100);
        long closest = -1;
        double best = Double.NEGATIVE_INFINITY;
        // An alignment search only for captures that already look alike as they lie, and only
        // near that alignment: a replayed frame gives the same ROI, so it keeps its alignment.
        double maxIdentityDistance = (100.0 - config.minIdentityScorePoints()) / 200.0;
        ShiftMatcher matcher = null;
        for (Remembered r : earlier) {
            if (PackedCode.identityDistance(template.packed(), r.template().packed()) > maxIdentityDistance) continue;
            if (matcher == null) matcher = new ShiftMatcher(template.code(), nearAlignment);
            double score = matcher.score(r.template().packed());
            if (score > best) {
                best = score;
                closest = r.id();
            }
        }
        if (closest >= 0 && best >= config.minReplayScorePoints()) {
            return new ReplayVerdict.Replay(id, ReplayReason.NEAR_IDENTICAL_TEMPLATE, closest, best);
        }
        return new ReplayVerdict.Fresh(id);
    }

    private void remember(Remembered capture) {
        window.addLast(capture);
        // The newest capture with a digest wins: the map always names one still in the window.
        idByDigest.put(capture.digest(), capture.id());
        while (window.size() > config.windowCaptures()) {
            Remembered oldest = window.removeFirst();
            idByDigest.remove(oldest.digest(), oldest.id());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
