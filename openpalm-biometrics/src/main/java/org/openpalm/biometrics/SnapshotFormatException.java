package org.openpalm.biometrics;

/**
 * A file that is not a complete, intact {@link PalmIndex} snapshot: truncated, corrupt, of an
 * unknown version, or not a snapshot at all. When it is thrown the index is unchanged.
 */
public final class SnapshotFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
