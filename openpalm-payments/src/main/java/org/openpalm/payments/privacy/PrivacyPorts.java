package org.openpalm.payments.privacy;

import java.util.Objects;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.portal.PortalStore;

/** The storage ports of privacy, audit and the portal, as one value for wiring. */
public record PrivacyPorts(AuditLog audit, PrivacyRepository privacy, PortalStore portal) {
    public PrivacyPorts {
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(portal, "portal");
    }
}
