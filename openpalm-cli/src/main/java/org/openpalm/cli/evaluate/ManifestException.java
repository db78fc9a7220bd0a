package org.openpalm.cli.evaluate;

/** A dataset folder without a usable {@code manifest.csv}; the message says which line is wrong. */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
