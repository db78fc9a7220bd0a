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

    void delete(EnrolmentId id);
}
