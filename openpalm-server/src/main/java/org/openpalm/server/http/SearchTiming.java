package org.openpalm.server.http;

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
 * Server Timing): {@code identify;dur=} the whole-gallery search in milliseconds, and
 * {@code after-identify;dur=} the time from its end to the answer. A client can then place the
 * search on its own clock (it ended {@code after-identify} before the answer arrived), which is
 * how {@code bench cluster} bounds the time from an enrolment to the first search that finds the
 * palm without counting the image's decoding. Durations only: nothing about the shopper.
 *
 * <p>Handlers are blocking, one virtual thread per request, and the search runs on the request's
 * thread, so the last search of this thread is this request's.
 */
public final class SearchTiming implements PalmIdentifier {
    private record Span(long startNanos, long endNanos) {}

    private static final ThreadLocal<Span> LAST = new ThreadLocal<>();
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
        long start = System.nanoTime();
        try {
            return identifier.identify(probe, hint);
        } finally {
            LAST.set(new Span(start, System.nanoTime()));
        }
    }

    @Override
    public int size() {
        return identifier.size();
    }

    /** Forgets this thread's last search (at the start of a request). */
    static void clear() {
        LAST.remove();
    }

    /** The header's value for the search this request made, if it made one; forgets it. */
    static Optional<String> header() {
        Span s = LAST.get();
        LAST.remove();
        if (s == null) return Optional.empty();
        long now = System.nanoTime();
        return Optional.of(String.format(Locale.ROOT, "identify;dur=%.3f, after-identify;dur=%.3f",
                (s.endNanos() - s.startNanos()) / 1e6, (now - s.endNanos()) / 1e6));
    }
}
