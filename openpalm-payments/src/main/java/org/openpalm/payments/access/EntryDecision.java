package org.openpalm.payments.access;

/** The answer at a gate. */
public sealed interface EntryDecision {
    record Allowed(String displayName, Via via) implements EntryDecision {}

    record Denied(DenialReason reason) implements EntryDecision {}

    /** Why the shopper is on the access list. */
    enum Via { MEMBER, TICKET }

    /** Why not, with what the gate shows. */
    enum DenialReason {
        /** Also the answer to a shopper who gave this merchant no entry consent: the gate never names them. */
        NOT_RECOGNISED("Palm not recognised: please use the staffed entrance, where staff can set up entry by palm"),
        AMBIGUOUS("We could not tell you apart: please use the staffed entrance"),
        NOT_ON_ACCESS_LIST("No membership or ticket for this entrance"),
        TICKET_EXPIRED("Your ticket has expired"),
        TICKET_NOT_YET_VALID("Your ticket is not valid yet");

        private final String message;

        DenialReason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    default String code() {
        return switch (this) {
            case Allowed a -> "ALLOWED";
            case Denied d -> "DENIED";
        };
    }
}
