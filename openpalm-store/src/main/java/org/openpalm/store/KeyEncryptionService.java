package org.openpalm.store;

/**
 * Wraps and unwraps the data keys of the key file with a key-encrypting key (KEK) kept elsewhere:
 * in the environment ({@link EnvironmentKeyEncryption}, {@code OPENPALM_KEK}) or in a key service
 * (a KMS or HSM implements this interface). The key file then holds only wrapped keys, useless
 * without the KEK.
 */
public interface KeyEncryptionService {
    /**
     * A public name of the key-encrypting key, written into the key file beside the wrapped keys, so
     * that opening the file with another KEK is refused with both names instead of a bare failure.
     */
    String keyId();

    /** The wrapped form of {@code key}; {@code label} (the key's line name) is bound to it. */
    byte[] wrap(byte[] key, String label);

    /**
     * The key {@link #wrap} was given.
     *
     * @throws KeyUnwrapException when {@code wrapped} was not made by this KEK under {@code label}, or was altered
     */
    byte[] unwrap(byte[] wrapped, String label) throws KeyUnwrapException;

    /** A wrapped key that this KEK cannot open. */
    final class KeyUnwrapException extends Exception {
        private static final long serialVersionUID = 1L;

        public KeyUnwrapException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
