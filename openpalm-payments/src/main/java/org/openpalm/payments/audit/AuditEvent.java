package org.openpalm.payments.audit;

import java.util.Objects;

/**
 * One access to or change of personal data, before it gets its place in the chain.
 *
 * @param actor   who: {@code customer:<id>}, {@code admin}, {@code kiosk}, {@code retention-job}
 * @param subject whose data: a customer id
 * @param details free text for people; never a card number, token, code or template
 */
public record AuditEvent(String actor, AuditAction action, String subject, String details) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(details, "details");
        if (actor.isBlank() || actor.length() > 100) throw new IllegalArgumentException("actor must be 1 to 100 characters");
        if (subject.isBlank() || subject.length() > 100) throw new IllegalArgumentException("subject must be 1 to 100 characters");
        if (details.length() > 2000) throw new IllegalArgumentException("details must be at most 2000 characters");
    }
}
