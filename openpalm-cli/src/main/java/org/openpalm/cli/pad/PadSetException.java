package org.openpalm.cli.pad;

/** An attack set or its input that cannot be used, with the reason for the user. */
public final class PadSetException extends Exception {
    public PadSetException(String message) {
        super(message);
    }
}
