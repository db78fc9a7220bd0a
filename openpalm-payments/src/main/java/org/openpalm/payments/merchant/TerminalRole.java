package org.openpalm.payments.merchant;

import java.util.Locale;
import java.util.Optional;

/**
 * What a terminal is for, fixed when it is registered. Only a kiosk enrols shoppers (it verifies
 * the card with the issuer and the phone with a one-time code); a reader and a gate take palm
 * presentations for payments.
 */
public enum TerminalRole {
    /** A palm reader at a till: palm presentations for payments. */
    READER,
    /** An enrolment kiosk: enrolments (and palm presentations, like a reader). */
    KIOSK,
    /** An entry gate: palm presentations. */
    GATE;

    /** Whether a terminal of this role may enrol shoppers. */
    public boolean mayEnrol() {
        return switch (this) {
            case KIOSK -> true;
            case READER, GATE -> false;
        };
    }

    /** The lower-case name used in the API and the database ({@code reader}, {@code kiosk}, {@code gate}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} ({@code reader}, {@code kiosk} or {@code gate}); empty for anything else. */
    public static Optional<TerminalRole> parse(String text) {
        for (TerminalRole r : values()) {
            if (r.wireName().equals(text)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
