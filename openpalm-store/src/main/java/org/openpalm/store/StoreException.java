package org.openpalm.store;

/** A storage failure (connection lost, constraint violated): not an expected business outcome. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
