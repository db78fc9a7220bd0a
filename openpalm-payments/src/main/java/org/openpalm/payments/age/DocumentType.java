package org.openpalm.payments.age;

import java.util.Optional;

/** The kind of document staff checked (recorded; the document itself, its number and image are not). */
public enum DocumentType {
    PASSPORT, ID_CARD, DRIVING_LICENCE, RESIDENCE_PERMIT;

    public static Optional<DocumentType> parse(String text) {
        if (text == null) return Optional.empty();
        for (DocumentType t : values()) if (t.name().equalsIgnoreCase(text)) return Optional.of(t);
        return Optional.empty();
    }
}
