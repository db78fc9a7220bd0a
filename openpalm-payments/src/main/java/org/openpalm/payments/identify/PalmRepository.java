package org.openpalm.payments.identify;

import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/** Enrolled palms; implementations store the templates encrypted. */
public interface PalmRepository {
    void insert(EnrolledPalm palm);

    Optional<EnrolledPalm> find(EnrolmentId id);

    List<EnrolledPalm> ofCustomer(CustomerId customer);

    /** Every active enrolled palm (to fill the identifier at start-up); palms of a pre-enrolment pending confirmation are left out. */
    List<EnrolledPalm> allPalms();

    /** The ids of {@link #allPalms()}, without reading or opening a template: listing a gallery of millions to load it in batches. */
    List<EnrolmentId> allPalmIds();

    /** The active palms of {@code ids} that exist (others left out), in one read rather than one per palm. */
    List<EnrolledPalm> findAll(java.util.Collection<EnrolmentId> ids);

    void delete(EnrolmentId id);
}
