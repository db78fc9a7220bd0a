package org.openpalm.iso8583;

/** Retrieval reference number (field 37): exactly 12 letters or digits. */
public record RetrievalReference(String value) {
    public RetrievalReference {
        if (value == null || !value.matches("[A-Za-z0-9]{12}")) {
            throw new IllegalArgumentException("retrieval reference must be exactly 12 letters or digits");
        }
    }
}
