package org.openpalm.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.biometrics.BandPair;
import org.openpalm.biometrics.LivenessConfig;
import org.openpalm.biometrics.LivenessDetector;
import org.openpalm.biometrics.LivenessVerdict;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.server.PresentationAttackSettings;

/**
 * Liveness on the palm endpoint: judges a capture before it is identified, counts and audits
 * attacks, and pauses a terminal's palm payments after {@code lockoutAfterAttacks} attacks in a
 * row. The streak is kept in memory per server (a restart forgets it; the audit log keeps every
 * attack).
 */
public final class PresentationAttackGuard {
    private final PresentationAttackSettings settings;
    private final LivenessDetector detector;
    private final AuditLog audit;
    private final Clock clock;
    private final Counter dualBandAttacks;
    private final Counter singleCameraAttacks;
    private final ConcurrentHashMap<TerminalId, Streak> streaks = new ConcurrentHashMap<>();

    /** Attacks in a row on one terminal, and until when it is paused. */
    private record Streak(int attacks, Instant pausedUntil) {}

    /** The outcome for one capture. */
    sealed interface Judged {
        record Live() implements Judged {}

        record Attack(String cue) implements Judged {}

        /** Not judged: the terminal is paused after attacks in a row. */
        record Paused(Duration remaining) implements Judged {}
    }

    public PresentationAttackGuard(PresentationAttackSettings settings, MeterRegistry metrics, AuditLog audit, Clock clock) {
        this.settings = settings;
        LivenessConfig d = LivenessConfig.DEFAULT;
        this.detector = new LivenessDetector(d.withModels(d.dualBand().withThreshold(settings.dualBandThresholdSigmas()),
                d.singleCamera().withThreshold(settings.singleCameraThresholdSigmas())));
        this.audit = audit;
        this.clock = clock;
        this.dualBandAttacks = counter(metrics, "dual_band");
        this.singleCameraAttacks = counter(metrics, "single_camera");
    }

    private static Counter counter(MeterRegistry metrics, String check) {
        return Counter.builder("openpalm.presentation.attacks").description("captures judged presentation attacks")
                .tag("check", check).register(metrics);
    }

    /** When the terminal is paused, for how much longer. */
    Optional<Duration> paused(TerminalId terminal) {
        Streak s = streaks.get(terminal);
        Instant now = clock.instant();
        return s == null || !s.pausedUntil().isAfter(now) ? Optional.empty() : Optional.of(Duration.between(now, s.pausedUntil()));
    }

    /**
     * Judges a capture from {@code terminal}: with a near-infrared frame, on both bands; without,
     * on the visible frame when the single-camera check is on, else it passes unjudged.
     */
    /**
     * The verdict when no image needs looking at (a paused terminal; no near-infrared frame and no
     * single-camera check): the payment path then decodes nothing for liveness.
     */
    Optional<Judged> withoutImages(TerminalId terminal, boolean nearInfraredSent) {
        Optional<Duration> paused = paused(terminal);
        if (paused.isPresent()) return Optional.of(new Judged.Paused(paused.get()));
        if (!nearInfraredSent && !settings.singleCameraCheck()) return Optional.of(new Judged.Live());
        return Optional.empty();
    }

    Judged judge(TerminalId terminal, PalmImage visible, Optional<PalmImage> nearInfrared) {
        Optional<Duration> paused = paused(terminal);
        if (paused.isPresent()) return new Judged.Paused(paused.get());
        if (nearInfrared.isEmpty() && !settings.singleCameraCheck()) return new Judged.Live();
        LivenessVerdict verdict = detector.judge(new BandPair(visible, nearInfrared));
        return switch (verdict) {
            case LivenessVerdict.Live live -> {
                streaks.remove(terminal);
                yield new Judged.Live();
            }
            case LivenessVerdict.PresentationAttack attack -> {
                (attack.dualBand() ? dualBandAttacks : singleCameraAttacks).increment();
                Instant now = clock.instant();
                boolean[] pausesNow = new boolean[1];
                streaks.compute(terminal, (id, old) -> {
                    int inARow = (old == null ? 0 : old.attacks()) + 1;
                    pausesNow[0] = inARow >= settings.lockoutAfterAttacks();
                    return pausesNow[0] ? new Streak(0, now.plusSeconds(settings.lockoutSeconds())) : new Streak(inARow, Instant.MIN);
                });
                audit.append(new AuditEvent("terminal:" + terminal.value(), AuditAction.PRESENTATION_ATTACK, "terminal:" + terminal.value(),
                        String.format(Locale.ROOT, "%s check, score %.1f >= %.1f, cue %s%s", attack.dualBand() ? "dual-band" : "single-camera",
                                attack.score(), attack.threshold(), attack.strongestCue(),
                                pausesNow[0] ? "; palm payments paused " + settings.lockoutSeconds() + " s" : "")),
                        now);
                yield new Judged.Attack(attack.strongestCue());
            }
        };
    }
}
