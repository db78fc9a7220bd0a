package org.openpalm.biometrics;

/** Bytes that are not a valid serialized {@link PalmTemplate}: truncated, corrupt or foreign. */
public final class TemplateFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateFormatException(String message) {
        super(message);
    }
}
