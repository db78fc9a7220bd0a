package org.openpalm.payments.service;

import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.ids.TerminalId;

/**
 * What a palm payment asks after its search of the active palms: whether a pending pre-enrolment
 * should be confirmed by this capture ({@link PreEnrolmentService}). {@link #NONE} without pre-enrolments.
 */
public interface PendingPalms {
    PendingPalms NONE = (found, probe, hint, terminal) -> found;

    /** The identification to act on, given the search's {@code found}. */
    Identification afterSearch(Identification found, PalmTemplate probe, Optional<PalmHint> hint, TerminalId terminal);
}
