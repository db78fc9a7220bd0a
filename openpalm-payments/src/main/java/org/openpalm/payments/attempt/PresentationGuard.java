package org.openpalm.payments.attempt;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ReplayGuard;
import org.openpalm.biometrics.ReplayReason;
import org.openpalm.biometrics.ReplayVerdict;
import org.openpalm.payments.Transactor;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.TerminalId;

/**
 * Attempts and replays of palm captures, on every palm the server receives.
 *
 * <p><b>Replays.</b> Two rules, as {@link ReplayGuard} has them. (1) Identical bytes: the SHA-256
 * of every capture is remembered in the database ({@link PresentationStore}) for
 * {@link PresentationConfig#captureMemoryHours}, shared by every server, so a capture sent again
 * is refused on any server. The same capture sent again by the same terminal for the same payment
 * (the hint step, or a retry after a lost answer) is not a replay. (2) Near-identical template (a
 * recorded frame re-encoded): checked against the last captures this server saw, in memory
 * ({@link ReplayGuard}). Templates are never written anywhere for this check: a capture's template
 * is biometric data of someone who may never have enrolled or consented, and its digest reveals
 * nothing. The limit, documented: a re-encoded replay is caught only by the server that saw the
 * original (with several servers, only when it lands there), while a byte-identical replay is
 * caught everywhere.
 *
 * <p><b>Attempts.</b> A payment accepts {@link PresentationConfig#maxPerPayment} palm
 * presentations, a terminal {@link PresentationConfig#maxPerTerminalPerMinute} per calendar
 * minute; both counted in the database, so the caps hold across servers.
 *
 * <p>Every refusal is appended to the audit log.
 */
public final class PresentationGuard {
    private final PresentationStore store;
    private final Transactor transactor;
    private final AuditLog audit;
    private final ReplayGuard recentTemplates;
    private final PresentationConfig config;
    private final Clock clock;

    public PresentationGuard(PresentationStore store, Transactor transactor, AuditLog audit, ReplayGuard recentTemplates,
                             PresentationConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.transactor = Objects.requireNonNull(transactor, "transactor");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.recentTemplates = Objects.requireNonNull(recentTemplates, "recentTemplates");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PresentationConfig config() {
        return config;
    }

    /** A capture admitted by its bytes; {@link #checkTemplate} follows once its template is made. */
    public sealed interface Admission {
        /** New to every server: its template must still pass {@link #checkTemplate}. */
        record NewCapture(CaptureDigest digest) implements Admission {}

        /** Sent before by this terminal for this payment (hint step, retry), or for this request ({@link #admitCapture}): already checked. */
        record RepeatedForSamePayment(CaptureDigest digest) implements Admission {}

        record Refused(PresentationVerdict verdict) implements Admission {}
    }

    /**
     * A palm presented for a payment, before its image is decoded: counts it against the caps of
     * the terminal and the payment, then remembers its digest.
     */
    public Admission admitPayment(TerminalId terminal, PaymentId payment, byte[] captureBytes) {
        CaptureDigest digest = CaptureDigest.of(captureBytes);
        // One transaction, one commit, for the two counters and the digest: on the payment path
        // every commit is a WAL flush, and the terminal's counter row is shared by its payments.
        // An ordinary commit, not bookkeeping: the digest is what lets this terminal send the same
        // capture again for this payment (a retry after a database failover) past the in-memory
        // template rule, which remembers the capture too; a digest lost with the old primary made
        // the retry a "replay" and left the sale unfinished (bench failover).
        Admission admission = transactor.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<Admission.Refused> overCap = terminalCap(terminal, now);
            if (overCap.isPresent()) return overCap.get();
            if (!store.countWithin("payment:" + payment.value(), config.maxPerPayment(), forgetAt(now))) {
                return new Admission.Refused(new PresentationVerdict.TooManyForPayment(config.maxPerPayment()));
            }
            return switch (store.sight(digest, "payment:" + terminal.value() + ":" + payment.value(), now, forgetAt(now))) {
                case FIRST -> new Admission.NewCapture(digest);
                case SAME_ORIGIN -> new Admission.RepeatedForSamePayment(digest);
                case ELSEWHERE -> new Admission.Refused(new PresentationVerdict.Replayed(ReplayReason.IDENTICAL_BYTES));
            };
        });
        // The refusal's audit entry is an ordinary commit: the audit log keeps every refusal.
        if (admission instanceof Admission.Refused r) refused(terminal, payment.value(), r.verdict(), clock.instant());
        return admission;
    }

    /**
     * A palm presented for a use other than a payment (an entry at a gate, an age check or
     * attestation, joining a loyalty programme, an entry consent), before its image is decoded: the
     * terminal's per-minute cap and the identical-bytes rule, exactly as for a payment, then
     * {@link #checkTemplate(TerminalId, String, byte[], PalmTemplate)} once its template is made.
     * {@code request} names the call (its Idempotency-Key): the same capture sent again by the same
     * terminal for the same use under the same key (a retry after a lost answer) is not a replay;
     * under any other key, on any terminal, it is.
     */
    public Admission admitCapture(TerminalId terminal, String use, String request, byte[] captureBytes) {
        CaptureDigest digest = CaptureDigest.of(captureBytes);
        String subject = use + ":" + terminal.value();
        Admission admission = transactor.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<Admission.Refused> overCap = terminalCap(terminal, now);
            if (overCap.isPresent()) return overCap.get();
            return switch (store.sight(digest, subject + ":" + request, now, forgetAt(now))) {
                case FIRST -> new Admission.NewCapture(digest);
                case SAME_ORIGIN -> new Admission.RepeatedForSamePayment(digest);
                case ELSEWHERE -> new Admission.Refused(new PresentationVerdict.Replayed(ReplayReason.IDENTICAL_BYTES));
            };
        });
        if (admission instanceof Admission.Refused r) refused(terminal, subject, r.verdict(), clock.instant());
        return admission;
    }

    /** The template rule for a payment's capture admitted as new; the capture is remembered in memory. */
    public PresentationVerdict checkTemplate(TerminalId terminal, PaymentId payment, byte[] captureBytes, PalmTemplate template) {
        return checkTemplate(terminal, payment.value(), captureBytes, template);
    }

    /**
     * The template rule for a capture admitted as new ({@code subject}: the payment, or the use and
     * terminal of {@link #admitCapture}); the capture is remembered in memory.
     */
    public PresentationVerdict checkTemplate(TerminalId terminal, String subject, byte[] captureBytes, PalmTemplate template) {
        return switch (recentTemplates.check(captureBytes, template)) {
            case ReplayVerdict.Fresh f -> new PresentationVerdict.Admitted();
            case ReplayVerdict.Replay r -> refused(terminal, subject, new PresentationVerdict.Replayed(r.reason()), clock.instant()).verdict();
        };
    }

    /**
     * The captures of an enrolment, checked without remembering them (a refused enrolment, a wrong
     * card security code say, leaves nothing behind and may be sent again): none may repeat a
     * remembered capture or another capture of the same request. {@code origin} names who enrols
     * ({@link org.openpalm.payments.service.EnrolmentOrigin#actor()}).
     */
    public PresentationVerdict checkEnrolment(String origin, List<byte[]> captures, List<PalmTemplate> templates) {
        Set<CaptureDigest> inRequest = new HashSet<>();
        for (int i = 0; i < captures.size(); i++) {
            CaptureDigest digest = CaptureDigest.of(captures.get(i));
            if (!inRequest.add(digest) || store.remembered(digest)) {
                return refusedEnrolment(origin, new PresentationVerdict.Replayed(ReplayReason.IDENTICAL_BYTES));
            }
            if (recentTemplates.peek(captures.get(i), templates.get(i)) instanceof ReplayVerdict.Replay r) {
                return refusedEnrolment(origin, new PresentationVerdict.Replayed(r.reason()));
            }
        }
        return new PresentationVerdict.Admitted();
    }

    /**
     * Inside the enrolment's transaction: remembers its captures. False when one was taken by
     * another request meanwhile; the caller then rolls the enrolment back.
     */
    public boolean rememberEnrolment(String origin, List<byte[]> captures) {
        Instant now = clock.instant();
        for (byte[] capture : captures) {
            switch (store.sight(CaptureDigest.of(capture), "enrolment:" + origin, now, forgetAt(now))) {
                case FIRST -> { }
                case SAME_ORIGIN, ELSEWHERE -> { return false; }
            }
        }
        return true;
    }

    /** After the enrolment committed: its templates join this server's in-memory window. */
    public void rememberEnrolledTemplates(List<byte[]> captures, List<PalmTemplate> templates) {
        for (int i = 0; i < captures.size(); i++) recentTemplates.check(captures.get(i), templates.get(i));
    }

    /** Audits a refused enrolment capture (no customer exists: the subject is the origin, e.g. {@code terminal:ter_...}). */
    private PresentationVerdict refusedEnrolment(String origin, PresentationVerdict verdict) {
        Instant now = clock.instant();
        transactor.inTransaction(() -> audit.append(new AuditEvent(origin, AuditAction.ENROLMENT_REFUSED,
                origin, "enrolment capture refused: " + describe(verdict)), now));
        return verdict;
    }

    public int purgeExpired() {
        return store.purgeExpired(clock.instant());
    }

    /** Inside the admission's transaction: counts the capture against the terminal's calendar minute. */
    private Optional<Admission.Refused> terminalCap(TerminalId terminal, Instant now) {
        // No cap (Integer.MAX_VALUE: a test bench's one terminal standing for a fleet) needs no count.
        if (config.maxPerTerminalPerMinute() == Integer.MAX_VALUE) return Optional.empty();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant nextMinute = minute.plus(1, ChronoUnit.MINUTES);
        if (store.countWithin("terminal:" + terminal.value() + ":" + minute.getEpochSecond(), config.maxPerTerminalPerMinute(),
                nextMinute.plus(1, ChronoUnit.MINUTES))) {
            return Optional.empty();
        }
        long retryAfter = Math.max(1, nextMinute.getEpochSecond() - now.getEpochSecond());
        return Optional.of(new Admission.Refused(new PresentationVerdict.TooManyForTerminal(config.maxPerTerminalPerMinute(), retryAfter)));
    }

    private Instant forgetAt(Instant now) {
        return now.plus(config.captureMemoryHours(), ChronoUnit.HOURS);
    }

    private Admission.Refused refused(TerminalId terminal, String subject, PresentationVerdict verdict, Instant now) {
        transactor.inTransaction(() -> audit.append(new AuditEvent("terminal:" + terminal.value(), AuditAction.PRESENTATION_REFUSED,
                subject, "palm presentation refused: " + describe(verdict)), now));
        return new Admission.Refused(verdict);
    }

    /** The reason code of a verdict, as the API names it. */
    public static String reasonCode(PresentationVerdict verdict) {
        return switch (verdict) {
            case PresentationVerdict.Admitted a -> "admitted";
            case PresentationVerdict.Replayed r -> "replayed_capture";
            case PresentationVerdict.TooManyForPayment p -> "too_many_attempts";
            case PresentationVerdict.TooManyForTerminal t -> "too_many_attempts";
        };
    }

    private static String describe(PresentationVerdict verdict) {
        return switch (verdict) {
            case PresentationVerdict.Admitted a -> "admitted";
            case PresentationVerdict.Replayed r -> "replayed_capture (" + r.reason() + ")";
            case PresentationVerdict.TooManyForPayment p -> "too_many_attempts (" + p.limit() + " per payment)";
            case PresentationVerdict.TooManyForTerminal t -> "too_many_attempts (" + t.limitPerMinute() + " per terminal per minute)";
        };
    }
}
