package org.openpalm.payments.identify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;

/** An enrolled palm: the templates (one per capture) of one hand of one customer. Stored encrypted. */
public record EnrolledPalm(EnrolmentId id, CustomerId customer, List<PalmTemplate> templates, PalmHint hint, Instant enrolledAt) {
    public EnrolledPalm {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        templates = List.copyOf(templates);
        if (templates.isEmpty()) throw new IllegalArgumentException("at least one template");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
    }
}
