package org.openpalm.server.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * When a palm call searched the gallery, told in its {@code Server-Timing} response header (W3C
 * Server Timing): {@code before-identify;dur=} the time from the call's start here to the
 * whole-gallery search, {@code identify;dur=} the search, and {@code after-identify;dur=} the time
 * from its end to the answer, in milliseconds. A client can then place the search on its own clock
 * between two bounds: it began no earlier than {@code before-identify} after the call was sent,
 * and no later than {@code identify} and {@code after-identify} before the answer arrived (the
 * way there and back, and the client's own delays, lie outside them). That is how
 * {@code bench cluster} judges whether a search began after an enrolment answered, and bounds the
 * time from an enrolment to the palm's being found, without counting the image's decoding.
 * Durations only: nothing about the shopper.
 *
 * <p>The {@value #BEGAN_HEADER} header adds when the search began on this server's wall clock
 * (ISO 8601, UTC, to the microsecond). A client whose clock agrees with the server's (the same
 * machine, as in {@code bench cluster}, or both NTP-disciplined, within their offset) then knows
 * the start itself, not only a window: under load the way back alone can take hundreds of
 * milliseconds, which the window's width would otherwise add to every bound drawn from it.
 *
 * <p>Handlers are blocking, one virtual thread per request, and the search runs on the request's
 * thread, so the last search of this thread is this request's.
 */
public final class SearchTiming implements PalmIdentifier {
    /** Response header: when the call's whole-gallery search began, on the server's wall clock. */
    public static final String BEGAN_HEADER = "OpenPalm-Identify-Began";

    private record Span(Instant began, long startNanos, long endNanos) {}

    /** What a palm call's answer tells of its search: the {@code Server-Timing} value and when the search began. */
    record Headers(String serverTiming, String began) {}

    private static final ThreadLocal<Span> LAST = new ThreadLocal<>();
    /** When this thread's request began here (the route's before-handler). */
    private static final ThreadLocal<Long> CALL_START = new ThreadLocal<>();
    private final PalmIdentifier identifier;

    private SearchTiming(PalmIdentifier identifier) {
        this.identifier = identifier;
    }

    /** {@code identifier}, its searches timed for the header. */
    public static PalmIdentifier around(PalmIdentifier identifier) {
        return new SearchTiming(identifier);
    }

    @Override
    public void enrol(EnrolmentId enrolment, List<PalmTemplate> templates, PalmHint hint) {
        identifier.enrol(enrolment, templates, hint);
    }

    @Override
    public void remove(EnrolmentId enrolment) {
        identifier.remove(enrolment);
    }

    @Override
    public Identification identify(PalmTemplate probe, Optional<PalmHint> hint) {
        Instant began = Instant.now();
        long start = System.nanoTime();
        try {
            return identifier.identify(probe, hint);
        } finally {
            LAST.set(new Span(began, start, System.nanoTime()));
        }
    }

    @Override
    public int size() {
        return identifier.size();
    }

    /** At the start of a request: forgets this thread's last search and notes the time. */
    static void begin() {
        LAST.remove();
        CALL_START.set(System.nanoTime());
    }

    /** The headers' values for the search this request made, if it made one; forgets it. */
    static Optional<Headers> headers() {
        Span s = LAST.get();
        Long began = CALL_START.get();
        LAST.remove();
        CALL_START.remove();
        if (s == null || began == null) return Optional.empty();
        long now = System.nanoTime();
        String serverTiming = String.format(Locale.ROOT, "before-identify;dur=%.3f, identify;dur=%.3f, after-identify;dur=%.3f",
                Math.max(0, s.startNanos() - began) / 1e6, (s.endNanos() - s.startNanos()) / 1e6, (now - s.endNanos()) / 1e6);
        return Optional.of(new Headers(serverTiming, s.began().truncatedTo(ChronoUnit.MICROS).toString()));
    }
}
