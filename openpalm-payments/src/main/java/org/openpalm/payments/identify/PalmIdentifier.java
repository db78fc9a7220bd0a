package org.openpalm.payments.identify;

import java.util.List;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * Port: 1:N palm identification over every enrolled palm. {@link IndexedPalmIdentifier} is the
 * implementation, backed by the biometrics {@code PalmIndex}.
 */
public interface PalmIdentifier {
    /** Adds (or replaces) an enrolment: one or more captures of the same hand. */
    void enrol(EnrolmentId enrolment, List<PalmTemplate> templates, PalmHint hint);

    void remove(EnrolmentId enrolment);

    Identification identify(PalmTemplate probe, Optional<PalmHint> hint);

    /** Enrolments held. */
    int size();
}
