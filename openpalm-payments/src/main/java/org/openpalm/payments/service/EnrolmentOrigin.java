package org.openpalm.payments.service;

import java.util.Objects;
import org.openpalm.payments.ids.TerminalId;

/**
 * Where an enrolment comes from: the places allowed to enrol. Closed: switch without {@code default}.
 * A kiosk terminal today; the shopper's phone page (not built yet) is the second: its route will
 * authenticate the phone page and call {@link EnrolmentService#startPhoneCheck} and
 * {@link EnrolmentService#enrol(EnrolmentService.EnrolmentRequest, EnrolmentService.EnrolmentProof)}
 * with a {@link PhonePage} origin, the same card and phone checks applying.
 */
public sealed interface EnrolmentOrigin {
    /** Who, for the audit log. */
    String actor();

    /** A terminal registered with the kiosk role. */
    record Kiosk(TerminalId terminal) implements EnrolmentOrigin {
        public Kiosk {
            Objects.requireNonNull(terminal, "terminal");
        }

        @Override
        public String actor() {
            return "terminal:" + terminal.value();
        }
    }

    /** The shopper's own phone page; {@code deviceReference} names its session for the audit log. */
    record PhonePage(String deviceReference) implements EnrolmentOrigin {
        public PhonePage {
            Objects.requireNonNull(deviceReference, "deviceReference");
        }

        @Override
        public String actor() {
            return "phone-page:" + deviceReference;
        }
    }
}
